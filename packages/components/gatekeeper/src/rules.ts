import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import type { Targets } from './schema.ts';
import {
  AUDITED_KINDS,
  KUBERNETES_SUPPORT,
  NAMESPACE,
  PRODUCTION_REPLICAS,
  REQUIRED_LABELS,
} from './values.ts';

const gk = (v: ParsedTargets<Targets>) => v.gatekeeper;
const chart = (v: ParsedTargets<Targets>) => v.chart;

/** Cross-field rules of the Gatekeeper values; all are evaluated and every violation reported. */
export const gatekeeperRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'audit-cache-covers-constraint',
    description: 'auditing from the cache needs every kind the constraint matches replicated into it',
    check: (v) => {
      if (!gk(v).auditFromCache) return undefined;
      const synced = new Set(chart(v).config.syncOnly.map((k) => `${k.group}/${k.version}/${k.kind}`));
      const missing = AUDITED_KINDS.map((k) => `${k.group}/${k.version}/${k.kind}`).filter(
        (k) => !synced.has(k),
      );
      return missing.length
        ? [
            {
              path: 'chart.config.syncOnly',
              expected: `to contain ${missing.join(', ')} (group/version/kind)`,
              found: `${synced.size} kind(s) without them`,
              hint: 'Or set gatekeeper.auditFromCache: false to audit from the API server.',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'production-enforces-deny',
    description: 'production must enforce the cost labels (enforcementAction deny)',
    check: (v, ctx) => {
      const action = chart(v).requiredLabels.enforcementAction;
      return ctx.environment.name === 'production' && action !== 'deny'
        ? [
            {
              path: 'chart.requiredLabels.enforcementAction',
              expected: '"deny"',
              found: JSON.stringify(action),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'cost-labels-required',
    description: 'the constraint requires at least the cost labels cost-center, layer and environment',
    check: (v) => {
      const missing = REQUIRED_LABELS.filter((l) => !chart(v).requiredLabels.labels.includes(l));
      return missing.length
        ? [
            {
              path: 'chart.requiredLabels.labels',
              expected: `to contain ${REQUIRED_LABELS.join(', ')}`,
              found: `missing ${missing.join(', ')}`,
            },
          ]
        : undefined;
    },
  },
  {
    id: 'system-namespaces-excluded',
    description:
      'the constraint must exclude kube-system and the Gatekeeper namespace (never block the control plane)',
    check: (v) =>
      ['kube-system', NAMESPACE]
        .filter((ns) => !chart(v).requiredLabels.excludedNamespaces.includes(ns))
        .map((ns) => ({
          path: 'chart.requiredLabels.excludedNamespaces',
          expected: `to contain ${ns}`,
          found: JSON.stringify(chart(v).requiredLabels.excludedNamespaces),
        })),
  },
  {
    id: 'labelled-namespaces-exempt',
    description:
      'namespaces the post-install job labels as ignored must be exempt (--exempt-namespace), or the label is rejected',
    check: (v) => {
      const exempt = new Set([NAMESPACE, ...gk(v).controllerManager.exemptNamespaces]);
      return gk(v)
        .postInstall.labelNamespace.extraNamespaces.filter((ns) => !exempt.has(ns))
        .map((ns) => ({
          path: 'gatekeeper.controllerManager.exemptNamespaces',
          expected: `to contain ${ns} (labelled by postInstall.labelNamespace.extraNamespaces)`,
          found: JSON.stringify(gk(v).controllerManager.exemptNamespaces),
        }));
    },
  },
  {
    id: 'pdb-below-replicas',
    description: 'the webhook PDB must leave room to drain a node',
    check: (v) => {
      const g = gk(v);
      const min = g.pdb.controllerManager.minAvailable;
      return min > 0 && min >= g.replicas
        ? [
            {
              path: 'gatekeeper.pdb.controllerManager.minAvailable',
              expected: `< ${g.replicas} (replicas)`,
              found: String(min),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'production-ha-minimum',
    description: `production primaries run at least ${PRODUCTION_REPLICAS} webhook replicas with a PDB`,
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production' || isScaledDownStandby(ctx.cluster)) return undefined;
      const g = gk(v);
      const out: RuleViolation[] = [];
      if (g.replicas < PRODUCTION_REPLICAS)
        out.push({
          path: 'gatekeeper.replicas',
          expected: `>= ${PRODUCTION_REPLICAS}`,
          found: String(g.replicas),
        });
      if (g.pdb.controllerManager.minAvailable < 1)
        out.push({ path: 'gatekeeper.pdb.controllerManager.minAvailable', expected: '>= 1', found: '0' });
      return out;
    },
  },
  {
    id: 'kubernetes-version-covered',
    description: 'the cluster Kubernetes version must be one the pinned Gatekeeper supports',
    check: (_v, ctx) => {
      const minor = Number(ctx.cluster.kubernetesVersion.split('.')[1]);
      return minor >= KUBERNETES_SUPPORT.min && minor <= KUBERNETES_SUPPORT.max
        ? undefined
        : [
            {
              path: 'cluster.kubernetesVersion',
              expected: `1.${KUBERNETES_SUPPORT.min} to 1.${KUBERNETES_SUPPORT.max} (Gatekeeper 3.23.0)`,
              found: JSON.stringify(ctx.cluster.kubernetesVersion),
              hint: 'Upgrade Gatekeeper before Kubernetes: re-pin it to a release that covers this version.',
            },
          ];
    },
  },
];
