import { selectorMatches } from './spread.ts';

/**
 * A small evaluator of rendered Cilium policies for a table of flows, as Cilium combines them:
 * deny rules win, allows add up, and an endpoint is in default deny for a direction when any
 * policy selecting it says so (`enableDefaultDeny`, or by having rules for that direction).
 * "open" means no policy here decides: the namespaces' NetworkPolicies do.
 * @see https://docs.cilium.io/en/stable/security/policy/language/
 */

/** A pod as Cilium sees it: its namespace, the namespace's labels and its own labels. */
export interface FlowEndpoint {
  namespace: string;
  nsLabels?: Readonly<Record<string, string>>;
  /** Pod labels; `io.cilium.k8s.policy.serviceaccount` is the pod's service account. */
  labels?: Readonly<Record<string, string>>;
}

/** The other side of a flow: the internet, a pod, a DNS name or an address outside the cluster. */
export type FlowPeer =
  | { world: true }
  | { endpoint: FlowEndpoint }
  | { fqdn: string; port: number }
  | { ip: string; port: number };

export type FlowVerdict = 'allowed' | 'denied' | 'open';

/** A rendered CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (its `spec`). */
export interface CiliumPolicy {
  spec: Record<string, unknown>;
}

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};
type Rule = Record<string, unknown>;

/**
 * The labels Cilium gives a pod's identity: its own, its namespace name and its namespace's
 * labels (`io.cilium.k8s.namespace.labels.<key>`).
 */
function identityLabels(ep: FlowEndpoint): Record<string, string> {
  return {
    ...ep.labels,
    'io.kubernetes.pod.namespace': ep.namespace,
    ...Object.fromEntries(
      Object.entries(ep.nsLabels ?? {}).map(([k, v]) => [`io.cilium.k8s.namespace.labels.${k}`, v]),
    ),
  };
}

/** A Cilium endpoint selector, whose keys may carry the `k8s:` source prefix. */
function selects(sel: Selector | undefined, ep: FlowEndpoint): boolean {
  if (sel === undefined) return false;
  const key = (k: string) => k.replace(/^k8s:/, '');
  return selectorMatches(
    {
      matchLabels: Object.fromEntries(Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [key(k), v])),
      matchExpressions: (sel.matchExpressions ?? []).map((e) => ({ ...e, key: key(e.key) })),
    },
    identityLabels(ep),
  );
}

const ports = (r: Rule) =>
  ((r.toPorts as { ports: { port: string }[] }[] | undefined) ?? []).flatMap((p) =>
    p.ports.map((x) => Number(x.port)),
  );

/** Cilium's matchPattern: `*` matches any DNS characters within one label. */
export function matchesPattern(pattern: string, name: string): boolean {
  const re = pattern.replace(/\./g, '\\.').replace(/\*/g, '[-a-z0-9]*');
  return new RegExp(`^${re}$`).test(name);
}

function ipv4(s: string): number {
  return s.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

function peerMatches(r: Rule, peer: FlowPeer, dir: 'from' | 'to'): boolean {
  const entities = (r[`${dir}Entities`] as string[] | undefined) ?? [];
  const portOk = (port: number) => ports(r).length === 0 || ports(r).includes(port);
  if ('world' in peer) return entities.includes('world') || entities.includes('all');
  if ('endpoint' in peer)
    return (
      entities.some((e) => e === 'cluster' || e === 'all') ||
      ((r[`${dir}Endpoints`] as Selector[] | undefined) ?? []).some((s) => selects(s, peer.endpoint))
    );
  const world = entities.includes('world') || entities.includes('all');
  if ('ip' in peer) {
    const cidrs = (r[`${dir}CIDR`] as string[] | undefined) ?? [];
    return (world || cidrs.some((c) => inCidr(peer.ip, c))) && portOk(peer.port);
  }
  const fqdn = ((r.toFQDNs as { matchName?: string; matchPattern?: string }[] | undefined) ?? []).some((f) =>
    f.matchName !== undefined ? f.matchName === peer.fqdn : matchesPattern(f.matchPattern ?? '', peer.fqdn),
  );
  return (fqdn || world) && portOk(peer.port);
}

/** The verdict of the policies for one flow of `ep` (ingress: from `peer`; egress: to `peer`). */
export function flowVerdict(
  policies: readonly CiliumPolicy[],
  ep: FlowEndpoint,
  peer: FlowPeer,
  dir: 'ingress' | 'egress',
): FlowVerdict {
  const mine = policies.filter((p) => selects(p.spec.endpointSelector as Selector, ep));
  const side = dir === 'ingress' ? 'from' : 'to';
  if (mine.some((p) => ((p.spec[`${dir}Deny`] as Rule[]) ?? []).some((r) => peerMatches(r, peer, side))))
    return 'denied';
  if (mine.some((p) => ((p.spec[dir] as Rule[]) ?? []).some((r) => peerMatches(r, peer, side))))
    return 'allowed';
  const defaultDeny = mine.some((p) => {
    const d = (p.spec.enableDefaultDeny as Record<string, boolean> | undefined)?.[dir];
    return d ?? (p.spec[dir] !== undefined || p.spec[`${dir}Deny`] !== undefined);
  });
  return defaultDeny ? 'denied' : 'open';
}
