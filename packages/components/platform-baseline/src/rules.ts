import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import { parseQuantity } from './quantity.ts';
import { type ChartValues, NETWORK_POLICY_MODES, type Targets, TIERS, WORKLOAD_TIERS } from './schema.ts';

const chart = (v: ParsedTargets<Targets>) => v.chart;
const enabledNamespaces = (c: ChartValues) =>
  Object.entries(c.namespaces).filter(([, ns]) => ns.enabled !== false);

/** Labels the chart sets itself on every namespace; extra labels must not override them. */
export const RESERVED_NAMESPACE_LABELS = ['cost-center', 'layer', 'environment', 'tier', 'managed-by'];

/** `a <= b` for two quantities, as a violation when it does not hold. */
function notAbove(a: string, b: string, path: string, bound: string): RuleViolation[] {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x !== undefined && y !== undefined && x > y
    ? [{ path, expected: `<= ${bound} (${b})`, found: JSON.stringify(a) }]
    : [];
}

/** Cross-field rules of the baseline values; all are evaluated and every violation reported. */
export const baselineRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'restricted-workload-namespaces',
    description: 'application and agent namespaces must enforce the restricted Pod Security level',
    check: (v) =>
      enabledNamespaces(chart(v)).flatMap(([name, ns]) =>
        WORKLOAD_TIERS.includes(ns.tier) && ns.podSecurity !== 'restricted'
          ? [
              {
                path: `chart.namespaces.${name}.podSecurity`,
                expected: `"restricted" (tier ${ns.tier})`,
                found: JSON.stringify(ns.podSecurity),
              },
            ]
          : [],
      ),
  },
  {
    id: 'no-sidecar-injection-under-restricted',
    description:
      'Istio sidecar injection (istio-init needs NET_ADMIN without istio-cni) is refused in restricted namespaces (docs/decisions.md#mesh-injection)',
    check: (v) =>
      enabledNamespaces(chart(v)).flatMap(([name, ns]) => {
        if (ns.podSecurity !== 'restricted') return [];
        const labels = ns.labels ?? {};
        return [
          ['istio-injection', labels['istio-injection'] === 'enabled'],
          ['istio.io/rev', labels['istio.io/rev'] !== undefined],
        ]
          .filter(([, on]) => on)
          .map(([key]) => ({
            path: `chart.namespaces.${name}.labels.${key}`,
            expected: 'no sidecar injection under the restricted Pod Security level (no istio-cni pinned)',
            found: JSON.stringify(labels[key as string]),
          }));
      }),
  },
  {
    id: 'no-kube-namespaces',
    description: 'kube-* namespaces exist already and are never created or relabelled by the baseline',
    check: (v) =>
      Object.keys(chart(v).namespaces)
        .filter((name) => name.startsWith('kube-'))
        .map((name) => ({
          path: `chart.namespaces.${name}`,
          expected: 'no kube-* namespace',
          found: JSON.stringify(name),
          hint: 'Remove it from chart.namespaces; kube-system gets its Pod Security level from chart.kubeSystem.',
        })),
  },
  {
    id: 'rbac-roles-defined',
    description: 'every role a namespace or ServiceAccount is bound to is one of chart.rbac.clusterRoles',
    check: (v) => {
      const rbac = chart(v).rbac;
      const defined = Object.keys(rbac.clusterRoles);
      const refs: [string, string][] = [
        ...(['application', 'agent'] as const).flatMap((t) =>
          rbac.tierRoles[t].map((r, i): [string, string] => [`chart.rbac.tierRoles.${t}[${i}]`, r]),
        ),
        ...Object.entries(rbac.namespaceRoles).flatMap(([ns, roles]) =>
          roles.map((r, i): [string, string] => [`chart.rbac.namespaceRoles.${ns}[${i}]`, r]),
        ),
        ['chart.rbac.serviceAccountRole', rbac.serviceAccountRole],
      ];
      return refs
        .filter(([, r]) => !defined.includes(r))
        .map(([path, r]) => ({
          path,
          expected: `one of chart.rbac.clusterRoles (${defined.join(', ')}); cluster-admin and other built-in roles are never bound here`,
          found: JSON.stringify(r),
        }));
    },
  },
  {
    id: 'rbac-namespaces-exist',
    description: 'chart.rbac.namespaceRoles binds roles only in namespaces the baseline creates',
    check: (v) =>
      Object.keys(chart(v).rbac.namespaceRoles)
        .filter((ns) => chart(v).namespaces[ns] === undefined)
        .map((ns) => ({
          path: `chart.rbac.namespaceRoles.${ns}`,
          expected: 'a namespace of chart.namespaces',
          found: JSON.stringify(ns),
        })),
  },
  {
    id: 'rbac-secrets-read-only',
    description:
      'no layer role writes Secrets: they come from ExternalSecrets only (docs/decisions.md#secrets)',
    check: (v) =>
      Object.entries(chart(v).rbac.clusterRoles).flatMap(([name, role]) =>
        role.rules.flatMap((r, i) => {
          const writes = r.verbs.filter((verb) => !['get', 'list', 'watch'].includes(verb));
          return r.apiGroups.includes('') && r.resources.includes('secrets') && writes.length > 0
            ? [
                {
                  path: `chart.rbac.clusterRoles.${name}.rules[${i}].verbs`,
                  expected: 'only get, list and watch on secrets',
                  found: JSON.stringify(r.verbs),
                },
              ]
            : [];
        }),
      ),
  },
  {
    id: 'reserved-namespace-labels',
    description: 'extra namespace labels must not override the required or Pod Security labels',
    check: (v) =>
      enabledNamespaces(chart(v)).flatMap(([name, ns]) =>
        Object.keys(ns.labels ?? {})
          .filter((k) => RESERVED_NAMESPACE_LABELS.includes(k) || k.startsWith('pod-security.kubernetes.io/'))
          .map((k) => ({
            path: `chart.namespaces.${name}.labels.${k}`,
            expected: `none of ${RESERVED_NAMESPACE_LABELS.join(', ')}, pod-security.kubernetes.io/*`,
            found: JSON.stringify(k),
            hint: 'Use the fields tier, layer, podSecurity or costCenter of the namespace instead.',
          })),
      ),
  },
  {
    id: 'quota-limits-cover-requests',
    description: 'every tier quota sets requests and limits together, with limits >= requests',
    check: (v) =>
      TIERS.flatMap((t): RuleViolation[] => {
        const q = chart(v).quotas[t];
        const at = `chart.quotas.${t}`;
        if (!q.requests !== !q.limits) {
          const missing = q.requests ? 'limits' : 'requests';
          return [
            { path: `${at}.${missing}`, expected: 'set (requests and limits go together)', found: 'nothing' },
          ];
        }
        if (!q.requests || !q.limits) return [];
        return [
          ...notAbove(q.requests.cpu, q.limits.cpu, `${at}.requests.cpu`, 'limits.cpu'),
          ...notAbove(q.requests.memory, q.limits.memory, `${at}.requests.memory`, 'limits.memory'),
        ];
      }),
  },
  {
    id: 'limit-range-order',
    description: 'LimitRange values must be ordered min <= defaultRequest <= default <= max',
    check: (v) => {
      const { container: c, persistentVolumeClaim: p } = chart(v).limitRange;
      const at = 'chart.limitRange';
      return [
        ...(['cpu', 'memory'] as const).flatMap((r) => [
          ...notAbove(c.min[r], c.defaultRequest[r], `${at}.container.min.${r}`, 'defaultRequest'),
          ...notAbove(c.defaultRequest[r], c.default[r], `${at}.container.defaultRequest.${r}`, 'default'),
          ...notAbove(c.default[r], c.max[r], `${at}.container.default.${r}`, 'max'),
        ]),
        ...notAbove(p.min, p.max, `${at}.persistentVolumeClaim.min`, 'max'),
      ];
    },
  },
  {
    id: 'network-policy-not-weaker-than-profile',
    description: 'the network policy mode may be stricter than the environment profile, never weaker',
    check: (v, ctx) => {
      const mode = chart(v).networkPolicy.mode;
      const floor = ctx.environment.networkPolicy;
      return NETWORK_POLICY_MODES.indexOf(mode) < NETWORK_POLICY_MODES.indexOf(floor)
        ? [
            {
              path: 'chart.networkPolicy.mode',
              expected: `"${floor}" or stricter (the ${ctx.environment.name} profile)`,
              found: JSON.stringify(mode),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'one-default-storage-class',
    description: 'exactly one StorageClass is the cluster default',
    check: (v) => {
      const defaults = Object.entries(chart(v).storageClasses)
        .filter(([, s]) => s.default)
        .map(([n]) => n);
      return defaults.length === 1
        ? undefined
        : [
            {
              path: 'chart.storageClasses',
              expected: 'exactly one class with default: true',
              found: defaults.length === 0 ? 'none' : defaults.join(', '),
            },
          ];
    },
  },
  {
    id: 'one-global-default-priority-class',
    description: 'at most one PriorityClass is the global default',
    check: (v) => {
      const globals = Object.entries(chart(v).priorityClasses)
        .filter(([, p]) => p.globalDefault)
        .map(([n]) => n);
      return globals.length <= 1
        ? undefined
        : [
            {
              path: 'chart.priorityClasses',
              expected: 'at most one globalDefault: true',
              found: globals.join(', '),
            },
          ];
    },
  },
  {
    id: 'ebs-parameters',
    description: 'throughput is a gp3 parameter, iops needs gp3/io1/io2, and kmsKeyId needs encrypted: true',
    check: (v) =>
      Object.entries(chart(v).storageClasses).flatMap(([name, s]): RuleViolation[] => {
        const at = `chart.storageClasses.${name}`;
        const out: RuleViolation[] = [];
        if (s.throughput !== undefined && s.type !== 'gp3')
          out.push({ path: `${at}.throughput`, expected: 'unset (type is not gp3)', found: s.throughput });
        if (s.iops !== undefined && !['gp3', 'io1', 'io2'].includes(s.type))
          out.push({
            path: `${at}.iops`,
            expected: `unset (type ${s.type} has no provisioned IOPS)`,
            found: s.iops,
          });
        if (s.kmsKeyId !== undefined && s.encrypted !== true)
          out.push({
            path: `${at}.encrypted`,
            expected: 'true (kmsKeyId is set)',
            found: String(s.encrypted),
          });
        return out;
      }),
  },
];
