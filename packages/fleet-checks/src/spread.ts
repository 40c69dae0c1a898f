import type { Issue } from '@platform/errors';
import { clusterObjects, formatPath, isRecord, objectIssue, record } from './objects.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

type Requirement = { key?: unknown; operator?: unknown; values?: unknown };

/** Whether a label selector (matchLabels and matchExpressions) selects a pod with these labels. */
export function selectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(record(selector.matchLabels))) if (labels[k] !== v) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.filter(isRecord) as Requirement[]) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.hasOwn(labels, key);
    const value = has ? String(labels[key]) : undefined;
    const ok =
      e.operator === 'In'
        ? has && values.includes(value as string)
        : e.operator === 'NotIn'
          ? !has || !values.includes(value as string)
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/**
 * A topology spread constraint counts the pods its `labelSelector` selects: one that does not
 * select the workload's own pods spreads nothing (the scheduler counts zero pods in every zone
 * and places all replicas wherever it likes), which no render and no API server rejects.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export const spreadCheck: FleetCheck = (fleet) => {
  const issues: Issue[] = [];
  for (const cluster of fleet.clusters) {
    for (const site of clusterObjects(cluster)) {
      const template = podTemplateOf(site.object);
      if (!template) continue;
      const constraints = Array.isArray(template.spec.topologySpreadConstraints)
        ? template.spec.topologySpreadConstraints
        : [];
      for (const [i, c] of constraints.entries()) {
        if (!isRecord(c) || !isRecord(c.labelSelector)) continue;
        if (selectorMatches(c.labelSelector, template.labels)) continue;
        issues.push(
          objectIssue(site, effectiveNamespace(site.object, site.source.namespace, cluster), {
            code: 'spread-selects-other-pods',
            message: `the topology spread on ${String(c.topologyKey)} does not select the workload's own pods, so it spreads nothing`,
            path: `${formatPath([...template.specPath, 'topologySpreadConstraints', i, 'labelSelector'])}`,
            expected: `a selector matching the pod labels ${JSON.stringify(template.labels)}`,
            found: JSON.stringify(c.labelSelector),
          }),
        );
      }
    }
  }
  return issues;
};
