import type { ClusterContext, ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import { TRIVY_DB_EGRESS } from './egress.ts';
import { registryHost, SCAN_APPS, SCAN_SERVICE_ACCOUNTS } from './scans.ts';
import type { Targets } from './schema.ts';
import { NAMESPACE } from './values.ts';

const chart = (v: ParsedTargets<Targets>) => v.chart;

/** The labels Cilium sees on trivy's pods: the chart's name label and the service account. */
const TRIVY_POD = {
  'app.kubernetes.io/name': SCAN_APPS.trivy,
  'io.cilium.k8s.policy.serviceaccount': SCAN_SERVICE_ACCOUNTS.trivy,
};

/** Whether an FQDN rule (exact, or `*` over one or more labels as Cilium reads it) allows a host. */
function fqdnAllows(pattern: string, host: string): boolean {
  return new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '[-a-z0-9.]*')}$`).test(host);
}

/** The egress allows of the cluster that select trivy's pods. */
function trivyEgress(ctx: ClusterContext) {
  return (ctx.egress ?? []).filter(
    (e) =>
      e.namespace === NAMESPACE &&
      Object.entries(e.podLabels ?? {}).every(([k, v]) => TRIVY_POD[k as keyof typeof TRIVY_POD] === v),
  );
}

const strict = (ctx: ClusterContext) => ctx.environment.networkPolicy === 'strict';

/** Cross-field rules of the trivy and kubeaudit scans (docs/decisions.md#security-scans). */
export const securityScanRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'scans-staggered',
    description: 'kube-bench, trivy and kubeaudit run at different times, not all at once',
    check: (v) => {
      const c = chart(v);
      const out: RuleViolation[] = [];
      if (c.trivy.schedule === c.schedule)
        out.push({
          path: 'chart.trivy.schedule',
          expected: `a time other than kube-bench's (chart.schedule ${c.schedule})`,
          found: c.trivy.schedule,
        });
      if (c.kubeaudit.schedule === c.schedule || c.kubeaudit.schedule === c.trivy.schedule)
        out.push({
          path: 'chart.kubeaudit.schedule',
          expected: `a time other than kube-bench's (${c.schedule}) and trivy's (${c.trivy.schedule})`,
          found: c.kubeaudit.schedule,
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'trivy-timeout-within-deadline',
    description: "trivy's scans (the summary, then the JSON report) finish before the Job's deadline",
    check: (v) => {
      const t = chart(v).trivy;
      const runs = t.jsonReport ? 2 : 1;
      const needed = runs * t.timeoutMinutes * 60;
      return t.activeDeadlineSeconds > needed
        ? undefined
        : [
            {
              path: 'chart.trivy.activeDeadlineSeconds',
              expected: `more than ${needed} (${runs} scan${runs > 1 ? 's' : ''} of timeoutMinutes ${t.timeoutMinutes})`,
              found: String(t.activeDeadlineSeconds),
              hint: 'Raise chart.trivy.activeDeadlineSeconds or lower chart.trivy.timeoutMinutes.',
            },
          ];
    },
  },
  {
    id: 'kubeaudit-namespaces-unique',
    description: 'Each namespace is audited once (one container per namespace)',
    check: (v) => {
      const ns = chart(v).kubeaudit.namespaces;
      const out = ns.flatMap((n, i) =>
        ns.indexOf(n) < i
          ? [
              {
                path: `chart.kubeaudit.namespaces[${i}]`,
                expected: 'a namespace not listed before',
                found: `${n} (also at [${ns.indexOf(n)}])`,
              },
            ]
          : [],
      );
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'trivy-db-egress',
    description: "In strict network-policy mode trivy's pods may reach the registries of its databases",
    check: (v, ctx) => {
      if (!strict(ctx)) return undefined;
      const t = chart(v).trivy;
      const allows = trivyEgress(ctx);
      const repos: [string, string][] = [
        ...t.dbRepositories.map((r, i): [string, string] => [`chart.trivy.dbRepositories[${i}]`, r]),
        ...t.javaDbRepositories.map((r, i): [string, string] => [`chart.trivy.javaDbRepositories[${i}]`, r]),
        ['chart.trivy.checksBundleRepository', t.checksBundleRepository],
      ];
      const out = repos.flatMap(([path, repo]): RuleViolation[] => {
        const host = registryHost(repo);
        if (allows.some((e) => e.ports.includes(443) && (e.fqdns ?? []).some((f) => fqdnAllows(f, host))))
          return [];
        return [
          {
            path,
            expected: `an egress allow in ${NAMESPACE} for the trivy pods to ${host}:443`,
            found: `${repo}: none among the ${allows.length} allows selecting trivy (strict mode drops the download)`,
            hint: `Add an inventory egress entry (namespace ${NAMESPACE}, podLabels {"app.kubernetes.io/name": "${SCAN_APPS.trivy}"}, fqdns ["${host}"] and the host it serves blobs from, ports [443]).`,
          },
        ];
      });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'trivy-image-egress',
    description:
      'In strict network-policy mode trivy scans images only where the inventory lets its pods reach the registries',
    check: (v, ctx) => {
      if (!strict(ctx) || !chart(v).trivy.scanImages) return undefined;
      const registries = trivyEgress(ctx).filter((e) => e.name !== TRIVY_DB_EGRESS);
      return registries.length > 0
        ? undefined
        : [
            {
              path: 'chart.trivy.scanImages',
              expected: `false, or an inventory egress allow in ${NAMESPACE} for the trivy pods to the image registries`,
              found: 'true with no such allow: every image pull of the scan would be dropped',
              hint: `Declare the registries (and their blob hosts) in the inventory egress for podLabels {"app.kubernetes.io/name": "${SCAN_APPS.trivy}"}, or keep scanImages false on this cluster.`,
            },
          ];
    },
  },
];
