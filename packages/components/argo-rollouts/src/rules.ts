import type { RuleViolation, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

export const argoRolloutsRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'rollouts-ha-in-production',
    description: 'production runs two controller replicas behind a PDB',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const c = v['argo-rollouts'].controller;
      const out: RuleViolation[] = [];
      if (c.replicas < 2)
        out.push({
          path: 'argo-rollouts.controller.replicas',
          expected: 'at least 2',
          found: String(c.replicas),
        });
      if (ctx.environment.pdb.enabled && !c.pdb.enabled)
        out.push({ path: 'argo-rollouts.controller.pdb.enabled', expected: 'true', found: 'false' });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'rollouts-pdb-fits-replicas',
    description: "the controller PDB's minAvailable is below its replicas",
    check: (v) => {
      const c = v['argo-rollouts'].controller;
      return c.pdb.enabled && c.pdb.minAvailable >= c.replicas
        ? [
            {
              path: 'argo-rollouts.controller.pdb.minAvailable',
              expected: `below controller.replicas (${c.replicas})`,
              found: String(c.pdb.minAvailable),
              hint: 'A PDB whose minAvailable equals the replicas blocks every node drain.',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'rollouts-gateway-api-rbac',
    description:
      'the Gateway API plugin needs the gatewayAPI provider RBAC; Istio RBAC only where Istio runs',
    check: (v, ctx) => {
      const p = v['argo-rollouts'].providerRBAC.providers;
      const out: RuleViolation[] = [];
      if (!p.gatewayAPI)
        out.push({
          path: 'argo-rollouts.providerRBAC.providers.gatewayAPI',
          expected: 'true',
          found: 'false',
        });
      for (const [name, on] of Object.entries(p))
        if (on && name !== 'gatewayAPI' && !(name === 'istio' && ctx.enabledComponents.has('istio')))
          out.push({
            path: `argo-rollouts.providerRBAC.providers.${name}`,
            expected: 'false (least privilege: no RBAC for a traffic provider the cluster does not run)',
            found: 'true',
          });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'rollouts-istio-metrics-need-istio',
    description: 'the success-rate analysis reads Istio metrics only where Istio runs',
    check: (v, ctx) =>
      v.chart.successRate.source === 'istio' && !ctx.enabledComponents.has('istio')
        ? [
            {
              path: 'chart.successRate.source',
              expected: '"hubble" (Istio is not enabled on this cluster)',
              found: '"istio"',
            },
          ]
        : undefined,
  },
];
