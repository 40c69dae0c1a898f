import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { clusterObjects, groupOf, isRecord, type ObjectSite, objectIssue } from './objects.ts';
import { effectiveNamespace } from './scopes.ts';

interface Match {
  kinds?: { apiGroups?: string[]; kinds?: string[] }[];
  namespaces?: string[];
  excludedNamespaces?: string[];
}

/** A Gatekeeper namespace pattern: exact, or a prefix ending in `*`. */
function nsMatches(pattern: string, namespace: string): boolean {
  return pattern.endsWith('*') ? namespace.startsWith(pattern.slice(0, -1)) : pattern === namespace;
}

/** The namespaces Gatekeeper's Config excludes from admission (`processes` `*` or `webhook`). */
function configExclusions(cluster: RenderedCluster): string[] {
  const out: string[] = [];
  for (const { object } of clusterObjects(cluster)) {
    if (object.kind !== 'Config' || !String(object.apiVersion).startsWith('config.gatekeeper.sh/')) continue;
    for (const m of (object.spec as { match?: { excludedNamespaces?: string[]; processes?: string[] }[] })
      ?.match ?? []) {
      if ((m.processes ?? []).some((p) => p === '*' || p === 'webhook'))
        out.push(...(m.excludedNamespaces ?? []));
    }
  }
  return out;
}

/** Does a constraint's `match` select this object (kinds and namespaces), as Gatekeeper's admission does? */
function matches(
  match: Match,
  site: ObjectSite,
  namespace: string | undefined,
  excluded: readonly string[],
): boolean {
  const group = groupOf(site.object);
  const kindOk = (match.kinds ?? []).some(
    (k) =>
      (k.apiGroups ?? []).some((g) => g === '*' || g === group) &&
      (k.kinds ?? []).some((x) => x === '*' || x === site.object.kind),
  );
  if (!kindOk) return false;
  // a Namespace is matched by its own name
  const ns = site.object.kind === 'Namespace' && group === '' ? site.object.metadata.name : namespace;
  if (ns === undefined) return true;
  if ([...(match.excludedNamespaces ?? []), ...excluded].some((p) => nsMatches(p, ns))) return false;
  return match.namespaces === undefined || match.namespaces.some((p) => nsMatches(p, ns));
}

/** K8sRequiredLabels: every listed label present with a non-empty value. */
function missingLabels(object: K8sObject, parameters: unknown): string[] {
  const labels = object.metadata.labels ?? {};
  const required =
    isRecord(parameters) && Array.isArray(parameters.labels) ? (parameters.labels as unknown[]) : [];
  return required
    .map((l) => (isRecord(l) ? String(l.key) : String(l)))
    .filter((l) => !(typeof labels[l] === 'string' && labels[l] !== ''));
}

/**
 * The constraint kinds of the fleet's own Gatekeeper policies, evaluated in process so the
 * everyday command catches what admission would deny; `--admit` (and the test suite) run
 * Gatekeeper's real `gator` over the same objects. Only `deny` constraints block: `warn` and
 * `dryrun` report without refusing anything. Constraint kinds not listed here are left to gator.
 */
const EVALUATORS: Record<string, (object: K8sObject, parameters: unknown) => string | undefined> = {
  K8sRequiredLabels: (object, parameters) => {
    const missing = missingLabels(object, parameters);
    return missing.length > 0 ? `missing the required labels ${missing.join(', ')}` : undefined;
  },
};

/** Every object a `deny` constraint of its cluster would refuse at admission. */
export const gatekeeperCheck = (fleet: RenderedFleet): Issue[] => {
  const issues: Issue[] = [];
  for (const cluster of fleet.clusters) {
    const constraints = [...clusterObjects(cluster)].filter(
      (s) =>
        String(s.object.apiVersion).startsWith('constraints.gatekeeper.sh/') && s.object.kind in EVALUATORS,
    );
    if (constraints.length === 0) continue;
    const excluded = configExclusions(cluster);
    for (const c of constraints) {
      const spec = (c.object.spec ?? {}) as {
        enforcementAction?: string;
        match?: Match;
        parameters?: unknown;
      };
      if ((spec.enforcementAction ?? 'deny') !== 'deny') continue;
      const evaluate = EVALUATORS[c.object.kind] as (typeof EVALUATORS)[string];
      for (const site of clusterObjects(cluster)) {
        const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
        if (!matches(spec.match ?? {}, site, namespace, excluded)) continue;
        const problem = evaluate(site.object, spec.parameters);
        if (problem === undefined) continue;
        issues.push(
          objectIssue(site, namespace, {
            code: 'gatekeeper-deny',
            message: `Gatekeeper's ${c.object.kind} ${c.object.metadata.name} (deny) refuses this object: ${problem}`,
            path: 'metadata.labels',
            expected: `the labels ${JSON.stringify((spec.parameters as { labels?: unknown })?.labels ?? [])}`,
            found: JSON.stringify(site.object.metadata.labels ?? {}),
            hint: "Set them through the chart's own label values (see the component's values).",
          }),
        );
      }
    }
  }
  return issues;
};
