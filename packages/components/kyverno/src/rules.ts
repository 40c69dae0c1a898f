import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';
import { exemptNamespaces } from './values.ts';

const chart = (v: ParsedTargets<Targets>) => v.chart;
const upstream = (v: ParsedTargets<Targets>) => v.kyverno;
const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : 'none');

/** Cross-field rules of the Kyverno values; every violation is reported. */
export const kyvernoRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'exemptions-cover-gatekeeper',
    description:
      'The policies exempt every namespace Gatekeeper exempts (one exemption list for both engines)',
    check: (v, ctx) => {
      const have = chart(v).exemptNamespaces;
      const missing = exemptNamespaces(ctx).filter((n) => !have.includes(n));
      return missing.length === 0
        ? undefined
        : [
            {
              path: 'chart.exemptNamespaces',
              expected: `to contain ${list(exemptNamespaces(ctx))} (Gatekeeper's exemptions and kyverno)`,
              found: `${list(have)} (missing ${list(missing)})`,
            },
          ];
    },
  },
  {
    id: 'webhook-exemptions-match-policies',
    description: "Kyverno's webhooks skip exactly the namespaces the policies exempt",
    check: (v) => {
      const policies = [...chart(v).exemptNamespaces].sort();
      const webhooks = [
        ...(upstream(v).config.webhooks.namespaceSelector.matchExpressions[0]?.values ?? []),
      ].sort();
      return policies.join(',') === webhooks.join(',')
        ? undefined
        : [
            {
              path: 'kyverno.config.webhooks.namespaceSelector.matchExpressions[0].values',
              expected: `the namespaces of chart.exemptNamespaces (${list(policies)})`,
              found: list(webhooks),
            },
          ];
    },
  },
  {
    id: 'production-enforces-org-images',
    description: 'Production enforces signatures and the vulnerability gate on the organisation images',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const c = chart(v);
      const out: RuleViolation[] = [];
      if (c.signatures.failureAction !== 'Enforce')
        out.push({
          path: 'chart.signatures.failureAction',
          expected: 'Enforce in production',
          found: c.signatures.failureAction,
        });
      if (c.vulnerabilities.orgFailureAction !== 'Enforce')
        out.push({
          path: 'chart.vulnerabilities.orgFailureAction',
          expected: 'Enforce in production',
          found: c.vulnerabilities.orgFailureAction,
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'admission-ha-in-production',
    description: 'The admission controller runs at least 3 replicas with a PDB in production',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const a = upstream(v).admissionController;
      const out: RuleViolation[] = [];
      if (a.replicas < 3)
        out.push({
          path: 'kyverno.admissionController.replicas',
          expected: 'at least 3',
          found: String(a.replicas),
        });
      if (a.podDisruptionBudget.enabled && a.podDisruptionBudget.minAvailable >= a.replicas)
        out.push({
          path: 'kyverno.admissionController.podDisruptionBudget.minAvailable',
          expected: `below the replicas (${a.replicas}), or no node could ever be drained`,
          found: String(a.podDisruptionBudget.minAvailable),
        });
      return out.length > 0 ? out : undefined;
    },
  },
];
