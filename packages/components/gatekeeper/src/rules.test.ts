import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { type ChartValues, type GatekeeperValues, gatekeeperRules } from './index.ts';

type Both = { gatekeeper: GatekeeperValues; chart: ChartValues };
let prod: Both;
let ctx: ClusterContext;
beforeAll(async () => {
  const p = compute(await loadDefaultFleet()).byCluster['agentic-prod-usw2']!;
  prod = { gatekeeper: p.upstream, chart: p.chart };
  ctx = p.context;
});

function run(
  id: string,
  mutate: (v: Both) => void,
  context: (c: ClusterContext) => ClusterContext = (c) => c,
) {
  const v = structuredClone(prod);
  mutate(v);
  const rule = gatekeeperRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (rule.check(v, context(ctx)) ?? []).map((x) => x.path).sort();
}

const cases: {
  id: string;
  mutate: (v: Both) => void;
  context?: (c: ClusterContext) => ClusterContext;
  paths: string[];
}[] = [
  {
    id: 'production-enforces-deny',
    mutate: (v) => {
      v.chart.requiredLabels.enforcementAction = 'warn';
    },
    paths: ['chart.requiredLabels.enforcementAction'],
  },
  {
    id: 'audit-cache-covers-constraint',
    mutate: (v) => {
      v.chart.config.syncOnly = v.chart.config.syncOnly.filter((k) => k.kind !== 'StatefulSet');
    },
    paths: ['chart.config.syncOnly'],
  },
  {
    id: 'cost-labels-required',
    mutate: (v) => {
      v.chart.requiredLabels.labels = ['cost-center', 'team'];
    },
    paths: ['chart.requiredLabels.labels'],
  },
  {
    id: 'system-namespaces-excluded',
    mutate: (v) => {
      v.chart.requiredLabels.excludedNamespaces = ['kube-public'];
    },
    paths: ['chart.requiredLabels.excludedNamespaces', 'chart.requiredLabels.excludedNamespaces'],
  },
  {
    id: 'labelled-namespaces-exempt',
    mutate: (v) => {
      v.gatekeeper.controllerManager.exemptNamespaces = ['kube-system'];
    },
    paths: ['gatekeeper.controllerManager.exemptNamespaces'],
  },
  {
    id: 'pdb-below-replicas',
    mutate: (v) => {
      v.gatekeeper.pdb.controllerManager.minAvailable = 3;
    },
    paths: ['gatekeeper.pdb.controllerManager.minAvailable'],
  },
  {
    id: 'production-ha-minimum',
    mutate: (v) => {
      v.gatekeeper.replicas = 2;
      v.gatekeeper.pdb.controllerManager.minAvailable = 0;
    },
    paths: ['gatekeeper.pdb.controllerManager.minAvailable', 'gatekeeper.replicas'],
  },
  {
    id: 'kubernetes-version-covered',
    mutate: () => {},
    context: (c) => ({ ...c, cluster: { ...c.cluster, kubernetesVersion: '1.29' } }),
    paths: ['cluster.kubernetesVersion'],
  },
];

describe('gatekeeper rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(gatekeeperRules.map((r) => r.id).sort());
  });

  it('hold for the computed production values', () => {
    for (const r of gatekeeperRules) expect(r.check(prod, ctx) ?? [], r.id).toEqual([]);
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, context, paths }) => {
    expect(run(id, mutate, context)).toEqual(paths);
  });

  it('lets the DR standby run two replicas', () => {
    const dr = (c: ClusterContext) => ({ ...c, cluster: { ...c.cluster, role: 'dr' as const } });
    const twoReplicas = (v: Both) => {
      v.gatekeeper.replicas = 2;
    };
    expect(run('production-ha-minimum', twoReplicas, dr)).toEqual([]);
  });
});
