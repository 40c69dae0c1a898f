import type { Issue } from '@platform/errors';
import type { RenderedCluster } from '@platform/hydrate';
import { clusterObjects, formatPath, isRecord, objectIssue, type PathSegment, record } from './objects.ts';
import { effectiveNamespace } from './scopes.ts';
import { type NodeLabels, SYSTEM_NODE_TAINTS, systemNodeLabels, type Taint } from './system-nodes.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

/** The component that brings every node beyond the system node group. */
export const KARPENTER = 'karpenter';

/**
 * At bootstrap only the inventory's system node group exists, tainted `node-role=system:NoSchedule`,
 * until Karpenter runs. Every workload of a wave before Karpenter's, and Karpenter itself (all
 * waves on a cluster without Karpenter), must tolerate that taint and select nodes the system
 * group can be (DaemonSets included: a DaemonSet that does not tolerate it has no pods there).
 */
export const schedulingCheck: FleetCheck = (fleet) =>
  fleet.clusters.flatMap((c) => [...checkCluster(c), ...startupTaints(c)]);

/** Cilium's agent removes this taint from a node once it can give pods an address. */
export const CILIUM_STARTUP_TAINT: Taint = {
  key: 'node.cilium.io/agent-not-ready',
  value: 'true',
  effect: 'NoExecute',
};

/**
 * On a cluster running Cilium every Karpenter NodePool starts its nodes with Cilium's startup
 * taint: otherwise pods scheduled in the seconds before the agent is ready get no Cilium-managed
 * address (they start on the node's default CNI configuration, or not at all).
 */
function startupTaints(cluster: RenderedCluster): Issue[] {
  if (!cluster.computed.context.enabledComponents.has('cilium')) return [];
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) {
    if (site.object.kind !== 'NodePool' || !String(site.object.apiVersion).startsWith('karpenter.sh/'))
      continue;
    const spec = record(record(record(site.object.spec).template).spec);
    const taints = Array.isArray(spec.startupTaints) ? spec.startupTaints.filter(isRecord) : [];
    const t = CILIUM_STARTUP_TAINT;
    if (taints.some((x) => x.key === t.key && x.effect === t.effect && String(x.value ?? '') === t.value))
      continue;
    issues.push(
      objectIssue(site, undefined, {
        code: 'missing-startup-taint',
        message: "the NodePool's nodes can take pods before the Cilium agent is ready on them",
        path: 'spec.template.spec.startupTaints',
        expected: `a startup taint ${t.key}=${t.value}:${t.effect}`,
        found: taints.length > 0 ? JSON.stringify(taints) : 'no startupTaints',
      }),
    );
  }
  return issues;
}

function checkCluster(cluster: RenderedCluster): Issue[] {
  const waves = new Map(cluster.computed.components.map((c) => [c.definition.name, c.wave]));
  const karpenterWave = waves.get(KARPENTER);
  const early = (component: string) =>
    karpenterWave === undefined ||
    component === KARPENTER ||
    (waves.get(component) ?? Number.POSITIVE_INFINITY) < karpenterWave;
  const labels = systemNodeLabels(cluster.computed.context.cluster);
  const when =
    karpenterWave === undefined
      ? 'this cluster has no Karpenter, so the system node group is all there is'
      : `only the system node group exists before Karpenter (wave ${karpenterWave})`;
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) {
    if (!early(site.source.component)) continue;
    const template = podTemplateOf(site.object);
    if (template === undefined || record(site.object.spec).replicas === 0) continue;
    // Karpenter's own Application may hold pods meant for the nodes it provisions (a capacity floor)
    if (site.source.component === KARPENTER && selectsKarpenterNodes(template.spec)) continue;
    const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
    const wave = waves.get(site.source.component);
    const context = `wave ${wave ?? '?'}: ${when}`;
    const tolerations = Array.isArray(template.spec.tolerations)
      ? template.spec.tolerations.filter(isRecord)
      : [];
    for (const taint of SYSTEM_NODE_TAINTS) {
      if (taint.effect === 'PreferNoSchedule' || tolerations.some((t) => tolerates(t, taint))) continue;
      issues.push(
        objectIssue(site, namespace, {
          code: 'untolerated-taint',
          message: `the pods cannot run on the system nodes (${context})`,
          path: formatPath([...template.specPath, 'tolerations']),
          expected: `a toleration of ${taint.key}=${taint.value ?? ''}:${taint.effect}`,
          found: tolerations.length > 0 ? JSON.stringify(tolerations) : 'no tolerations',
          hint: `add { key: ${taint.key}, operator: Equal, value: ${taint.value}, effect: ${taint.effect} } to the chart's tolerations value`,
        }),
      );
    }
    for (const [path, why] of unsatisfiable(template.spec, template.specPath, labels)) {
      issues.push(
        objectIssue(site, namespace, {
          code: 'unschedulable-selector',
          message: `the system nodes do not match the pods' node selection (${context})`,
          path: formatPath(path),
          expected: 'a selector the system nodes satisfy',
          found: why,
        }),
      );
    }
  }
  return issues;
}

/** Whether the pods require a label only Karpenter's nodes carry (`karpenter.sh/...`). */
function selectsKarpenterNodes(spec: Record<string, unknown>): boolean {
  if (Object.keys(record(spec.nodeSelector)).some((k) => k.startsWith('karpenter.sh/'))) return true;
  const required = record(
    record(record(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isRecord) : [];
  return (
    terms.length > 0 &&
    terms.every((t) =>
      (Array.isArray(t.matchExpressions) ? t.matchExpressions : []).some((e) =>
        String(record(e).key).startsWith('karpenter.sh/'),
      ),
    )
  );
}

/** Whether a toleration tolerates a taint, as the scheduler decides it. */
export function tolerates(toleration: Record<string, unknown>, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect)
    return false;
  const operator = toleration.operator ?? 'Equal';
  const key = toleration.key ?? '';
  if (key === '') return operator === 'Exists';
  if (key !== taint.key) return false;
  return operator === 'Exists' || String(toleration.value ?? '') === (taint.value ?? '');
}

function unsatisfiable(
  spec: Record<string, unknown>,
  specPath: PathSegment[],
  labels: NodeLabels,
): [PathSegment[], string][] {
  const out: [PathSegment[], string][] = [];
  for (const [key, value] of Object.entries(record(spec.nodeSelector))) {
    if (!labelMatches(labels, key, 'In', [String(value)])) {
      out.push([
        [...specPath, 'nodeSelector', key],
        `${key}=${String(value)}, while the system nodes have ${describe(labels, key)}`,
      ]);
    }
  }
  const required = record(
    record(record(spec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution,
  );
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isRecord) : [];
  if (terms.length > 0 && !terms.some((t) => termMatches(t, labels))) {
    out.push([
      [
        ...specPath,
        'affinity',
        'nodeAffinity',
        'requiredDuringSchedulingIgnoredDuringExecution',
        'nodeSelectorTerms',
      ],
      `no term matches the system nodes: ${JSON.stringify(terms)}`,
    ]);
  }
  return out;
}

function termMatches(term: Record<string, unknown>, labels: NodeLabels): boolean {
  const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isRecord) : [];
  return expressions.every((e) =>
    labelMatches(
      labels,
      String(e.key),
      String(e.operator),
      Array.isArray(e.values) ? e.values.map(String) : [],
    ),
  );
}

/** Whether some system node can satisfy one requirement (unknown values count as satisfiable). */
function labelMatches(labels: NodeLabels, key: string, operator: string, values: string[]): boolean {
  const known = labels.values.get(key);
  const present = known !== undefined || labels.present.has(key);
  switch (operator) {
    case 'In':
      return known ? values.some((v) => known.has(v)) : present;
    case 'NotIn':
      return known ? [...known].some((v) => !values.includes(v)) : true;
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt':
      return known
        ? [...known].some((v) =>
            operator === 'Gt' ? Number(v) > Number(values[0]) : Number(v) < Number(values[0]),
          )
        : present;
    default:
      return false;
  }
}

function describe(labels: NodeLabels, key: string): string {
  const known = labels.values.get(key);
  if (known) return `${key} in {${[...known].join(', ')}}`;
  return labels.present.has(key) ? `${key} set` : `no ${key} label`;
}
