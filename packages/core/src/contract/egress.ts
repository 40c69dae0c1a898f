import type { Issue } from '@platform/errors';
import type { Cluster, EgressAllow, Fleet, Region } from '../inventory/schema.ts';
import type { ComponentDefinition } from './component.ts';
import { componentContext } from './component-context.ts';
import type { ClusterContext } from './context.ts';
import { POD_IDENTITY_ROLES, podIdentityEgressName } from './pod-identity.ts';

export type { EgressAllow } from '../inventory/schema.ts';

/**
 * Namespaces the strict network policy never selects (docs/decisions.md#network-policy): the
 * cluster's own machinery (the API server's add-ons, Karpenter, the load balancer controller) and
 * Argo CD, which must keep reaching Git and every registry. An egress allow there has no effect.
 */
export const EGRESS_UNRESTRICTED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'argocd'];

/** The EKS Pod Identity agent: pods with an association fetch their credentials from it on the node. */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';

/** An egress allow of one cluster, with where it was declared (a component, or an inventory file). */
export interface ClusterEgress extends EgressAllow {
  /** `component <name>`, or the inventory file (`gitops/fleet.yaml`, `gitops/clusters/<name>.yaml`). */
  source: string;
}

/** The STS and S3 endpoints of a region, which every AWS SDK client calls. */
export function awsEndpoints(region: string) {
  return {
    sts: `sts.${region}.amazonaws.com`,
    s3: [`s3.${region}.amazonaws.com`, `*.s3.${region}.amazonaws.com`],
  };
}

/**
 * What may leave one cluster (strict mode): the external endpoints each enabled component
 * declares, the EKS Pod Identity agent for every association of an enabled component, then the
 * inventory's own (fleet, region, cluster, in that order). Names are unique per cluster; an allow
 * in a namespace the policy never restricts is reported, since it would do nothing.
 */
export function clusterEgress(
  fleet: Fleet,
  cluster: Cluster,
  region: Region,
  components: readonly ComponentDefinition[],
  ctx: ClusterContext,
): { egress: ClusterEgress[]; issues: Issue[] } {
  const egress: ClusterEgress[] = [];
  const issues: Issue[] = [];
  for (const c of components) {
    if (!ctx.enabledComponents.has(c.name)) continue;
    for (const e of c.egress?.(componentContext(c, ctx)) ?? [])
      egress.push({ ...e, source: `component ${c.name}` });
    for (const r of POD_IDENTITY_ROLES) {
      if (r.component !== c.name || EGRESS_UNRESTRICTED_NAMESPACES.includes(r.namespace)) continue;
      egress.push({
        name: podIdentityEgressName(r),
        namespace: r.namespace,
        podLabels: { 'io.cilium.k8s.policy.serviceaccount': r.serviceAccount },
        cidrs: [POD_IDENTITY_AGENT_CIDR],
        ports: [80],
        purpose: `EKS Pod Identity agent (credentials of the role ${cluster.name}-${r.role})`,
        source: `component ${c.name}`,
      });
    }
  }
  const fleetFile = fleet.files.fleet ?? 'gitops/fleet.yaml';
  const regionIndex = fleet.settings.regions.indexOf(region);
  const inventory: [string, string, readonly EgressAllow[] | undefined][] = [
    [fleetFile, 'egress', fleet.settings.egress],
    [fleetFile, `regions[${regionIndex}].egress`, region.egress],
    [fleet.files[`cluster:${cluster.name}`] ?? `cluster ${cluster.name}`, 'egress', cluster.egress],
  ];
  for (const [file, path, list] of inventory) {
    for (const [i, e] of (list ?? []).entries()) {
      if (EGRESS_UNRESTRICTED_NAMESPACES.includes(e.namespace)) {
        issues.push({
          code: 'egress-unrestricted-namespace',
          cluster: cluster.name,
          file,
          path: `${path}[${i}].namespace`,
          message: `egress ${e.name}: the strict policy never restricts ${e.namespace}, so this allow does nothing`,
          expected: `a namespace other than ${EGRESS_UNRESTRICTED_NAMESPACES.join(', ')}`,
          found: e.namespace,
        });
        continue;
      }
      egress.push({ ...e, source: file });
    }
  }
  const seen = new Map<string, ClusterEgress>();
  for (const e of egress) {
    const first = seen.get(e.name);
    if (!first) {
      seen.set(e.name, e);
      continue;
    }
    issues.push({
      code: 'duplicate-egress',
      cluster: cluster.name,
      ...(e.source.startsWith('component ') ? { component: e.source.slice(10) } : { file: e.source }),
      path: 'egress.name',
      message: `egress ${e.name} is declared twice on this cluster: by ${first.source} and by ${e.source}`,
      expected: 'a name unique on the cluster',
      found: e.name,
      hint: 'Rename the inventory entry; each allow becomes the policy egress-<name>.',
    });
  }
  return { egress: issues.length > 0 ? egress.filter((e) => seen.get(e.name) === e) : egress, issues };
}
