import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { baselineRules, type ChartValues } from './index.ts';

let valid: ChartValues;
let ctx: ClusterContext;
beforeAll(async () => {
  const { clusters, byCluster } = compute(await loadDefaultFleet());
  valid = byCluster['agentic-prod-usw2'] as ChartValues;
  ctx = clusters.find((c) => c.context.cluster.name === 'agentic-prod-usw2')!.context;
});

function run(id: string, mutate: (v: ChartValues) => void) {
  const v = structuredClone(valid);
  mutate(v);
  const rule = baselineRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (rule.check({ chart: v }, ctx) ?? []).map((x) => x.path);
}

const cases: { id: string; mutate: (v: ChartValues) => void; paths: string[] }[] = [
  {
    id: 'restricted-workload-namespaces',
    mutate: (v) => {
      v.namespaces.shop = { tier: 'application', layer: 'l09', podSecurity: 'baseline' };
    },
    paths: ['chart.namespaces.shop.podSecurity'],
  },
  {
    id: 'no-sidecar-injection-under-restricted',
    mutate: (v) => {
      v.namespaces['model-gateway']!.labels = { 'istio-injection': 'enabled' };
      v.namespaces['api-gateway']!.labels = { 'istio.io/rev': 'default' };
    },
    paths: [
      'chart.namespaces.api-gateway.labels.istio.io/rev',
      'chart.namespaces.model-gateway.labels.istio-injection',
    ],
  },
  {
    id: 'no-kube-namespaces',
    mutate: (v) => {
      v.namespaces['kube-system'] = { tier: 'system', layer: 'l00', podSecurity: 'privileged' };
    },
    paths: ['chart.namespaces.kube-system'],
  },
  {
    id: 'rbac-roles-defined',
    mutate: (v) => {
      v.rbac.tierRoles.agent.push('cluster-admin');
      v.rbac.serviceAccountRole = 'edit';
    },
    paths: ['chart.rbac.tierRoles.agent[4]', 'chart.rbac.serviceAccountRole'],
  },
  {
    id: 'rbac-namespaces-exist',
    mutate: (v) => {
      v.rbac.namespaceRoles['no-such-namespace'] = ['layer-reader'];
    },
    paths: ['chart.rbac.namespaceRoles.no-such-namespace'],
  },
  {
    id: 'rbac-secrets-read-only',
    mutate: (v) => {
      v.rbac.clusterRoles['layer-admin']!.rules = [
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] },
        { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'create'] },
      ];
    },
    paths: ['chart.rbac.clusterRoles.layer-admin.rules[1].verbs'],
  },
  {
    id: 'reserved-namespace-labels',
    mutate: (v) => {
      v.namespaces['data-layer']!.labels = {
        team: 'data',
        tier: 'platform',
        'pod-security.kubernetes.io/enforce': 'x',
      };
    },
    paths: [
      'chart.namespaces.data-layer.labels.tier',
      'chart.namespaces.data-layer.labels.pod-security.kubernetes.io/enforce',
    ],
  },
  {
    id: 'quota-limits-cover-requests',
    mutate: (v) => {
      v.quotas.application.limits = { cpu: '10', memory: '100Gi' };
      delete v.quotas.agent.limits;
    },
    paths: ['chart.quotas.application.requests.cpu', 'chart.quotas.agent.limits'],
  },
  {
    id: 'limit-range-order',
    mutate: (v) => {
      v.limitRange.container.default.memory = '16Gi';
      v.limitRange.persistentVolumeClaim.min = '200Gi';
    },
    paths: ['chart.limitRange.container.default.memory', 'chart.limitRange.persistentVolumeClaim.min'],
  },
  {
    id: 'network-policy-not-weaker-than-profile',
    mutate: (v) => {
      v.networkPolicy.mode = 'baseline';
    },
    paths: ['chart.networkPolicy.mode'],
  },
  {
    id: 'one-default-storage-class',
    mutate: (v) => {
      v.storageClasses['ssd-high-iops']!.default = true;
    },
    paths: ['chart.storageClasses'],
  },
  {
    id: 'one-global-default-priority-class',
    mutate: (v) => {
      v.priorityClasses['batch-low']!.globalDefault = true;
    },
    paths: ['chart.priorityClasses'],
  },
  {
    id: 'ebs-parameters',
    mutate: (v) => {
      v.storageClasses['hdd-archive']!.iops = '500';
      v.storageClasses['hdd-archive']!.throughput = '500';
      v.storageClasses['ssd-encrypted']!.encrypted = false;
    },
    paths: [
      'chart.storageClasses.hdd-archive.throughput',
      'chart.storageClasses.hdd-archive.iops',
      'chart.storageClasses.ssd-encrypted.encrypted',
    ],
  },
];

describe('platform-baseline rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(baselineRules.map((r) => r.id).sort());
  });

  it('holds for the computed values', () => {
    for (const r of baselineRules) expect(r.check({ chart: valid }, ctx) ?? [], r.id).toEqual([]);
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, paths }) => {
    expect(run(id, mutate).sort()).toEqual([...paths].sort());
  });

  it('allows a mode stricter than the profile and ignores disabled namespaces', () => {
    expect(
      run('restricted-workload-namespaces', (v) => {
        v.namespaces['ui-layer'] = {
          enabled: false,
          tier: 'application',
          layer: 'l10',
          podSecurity: 'baseline',
        };
      }),
    ).toEqual([]);
  });
});
