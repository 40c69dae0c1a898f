import { join, resolve } from 'node:path';
import { checkChart } from '@platform/chart-harness';
import crds from '@platform/component-prometheus-operator-crds';
import {
  type ComponentDefinition,
  computeFleet,
  type Fleet,
  loadFleet,
  withOverridesOnlyFor,
} from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import cilium, { ciliumValues, clusterId } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
let fleet: Fleet;
beforeAll(async () => {
  fleet = withOverridesOnlyFor(await loadFleet(join(root, 'gitops')), [
    'prometheus-operator-crds',
    'cilium',
    'istio',
  ]);
});

/** A stand-in Istio component: only its name matters to Cilium. */
const istio: ComponentDefinition = {
  name: 'istio',
  namespace: 'istio-system',
  description: 'stand-in',
  upstreamCharts: [],
  dependsOn: [],
  enabledByDefault: (ctx) => ctx.environment.name !== 'development',
  values: () => ({}),
  rules: [],
};

function valuesOf(components: ComponentDefinition[], clusterName: string) {
  const { clusters, issues } = computeFleet(fleet, components);
  expect(issues).toEqual([]);
  const cc = clusters.find((c) => c.context.cluster.name === clusterName)!;
  const comp = cc.components.find((c) => c.definition.name === 'cilium')!;
  return {
    cilium: comp.targets.cilium!.values as z.infer<typeof ciliumValues>,
    chart: comp.targets.chart!.values,
  };
}

describe('cilium values per cluster', () => {
  it('computes valid values for every cluster of the default fleet', () => {
    const { clusters, issues } = computeFleet(fleet, [crds, cilium]);
    expect(issues).toEqual([]);
    expect(clusters).toHaveLength(4);
  });

  it('runs ENI mode with native routing and kube-proxy replacement on EKS', () => {
    const v = valuesOf([crds, cilium], 'agentic-prod-usw2').cilium;
    expect(v.ipam.mode).toBe('eni');
    expect(v.routingMode).toBe('native');
    expect(v.kubeProxyReplacement).toBe(true);
    expect(v.k8sServiceHost).toBe('agentic-prod-usw2.gr7.us-west-2.eks.amazonaws.com');
    expect(v.bpf).toEqual({ masquerade: true, hostLegacyRouting: false });
  });

  it('scales HA parts with the environment: one replica and no PDB in development', () => {
    const dev = valuesOf([crds, cilium], 'agentic-dev-usw2').cilium;
    const prod = valuesOf([crds, cilium], 'agentic-prod-usw2').cilium;
    expect([
      dev.operator.replicas,
      dev.hubble.relay.replicas,
      dev.operator.podDisruptionBudget.enabled,
    ]).toEqual([1, 1, false]);
    expect([
      prod.operator.replicas,
      prod.hubble.relay.replicas,
      prod.operator.podDisruptionBudget.enabled,
    ]).toEqual([2, 2, true]);
  });

  it('scales the DR cluster down', () => {
    const dr = valuesOf([crds, cilium], 'agentic-dr-use1').cilium;
    expect(dr.hubble.relay.replicas).toBe(1);
    expect(dr.hubble.ui.enabled).toBe(false);
  });

  it('sets the network policy mode of the environment in our chart', () => {
    expect(valuesOf([crds, cilium], 'agentic-dev-usw2').chart).toMatchObject({
      networkPolicy: { mode: 'permissive' },
    });
    expect(valuesOf([crds, cilium], 'agentic-prod-usw2').chart).toMatchObject({
      networkPolicy: { mode: 'strict' },
    });
  });

  it('gives each cluster a stable cluster id', () => {
    expect(clusterId('agentic-prod-usw2')).toBe(clusterId('agentic-prod-usw2'));
    const ids = fleet.clusters.map((c) => clusterId(c.name));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('cilium and istio (cross-component rule, both ways)', () => {
  it('sets the Istio integration values where Istio is enabled', () => {
    const v = valuesOf([crds, cilium, istio], 'agentic-prod-usw2').cilium;
    expect(v.socketLB).toEqual({ hostNamespaceOnly: true });
    expect(v.cni).toEqual({ exclusive: false });
  });

  it('leaves them out where Istio is not enabled', () => {
    const v = valuesOf([crds, cilium, istio], 'agentic-dev-usw2').cilium;
    expect(v.socketLB).toBeUndefined();
    expect(v.cni).toBeUndefined();
  });

  it('fails when an override breaks the integration on an Istio cluster', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: { cilium: { values: { cilium: { socketLB: { hostNamespaceOnly: false } } } } },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, [crds, cilium, istio]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'rule:istio-integration',
        cluster: 'agentic-prod-usw2',
        path: 'cilium.socketLB.hostNamespaceOnly',
      }),
    ]);
  });
});

describe('cilium values schema', () => {
  const base = () =>
    structuredClone(valuesOf([crds, cilium], 'agentic-prod-usw2').cilium) as Record<string, any>;

  it('rejects a typo with the path', () => {
    const v = base();
    v.hubble.relay.replicaz = 3;
    const res = ciliumValues.safeParse(v);
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['replicaz'],
      path: ['hubble', 'relay'],
    });
  });

  it('rejects the legacy bpf.hostRouting key', () => {
    const v = base();
    v.bpf.hostRouting = true;
    expect(ciliumValues.safeParse(v).success).toBe(false);
  });

  it('rejects invalid Hubble metric option syntax and accepts valid options', () => {
    const v = base();
    v.hubble.metrics.enabled = ['httpV2:requestDuration'];
    expect(ciliumValues.safeParse(v).success).toBe(false);
    v.hubble.metrics.enabled = ['httpV2:exemplars=true;labelsContext=source_ip'];
    expect(ciliumValues.safeParse(v).success).toBe(true);
  });
});

describe('cilium rules', () => {
  const run = (mutate: (v: Record<string, any>) => void, clusterName = 'agentic-prod-usw2') => {
    const cc = computeFleet(fleet, [crds, cilium]).clusters.find(
      (c) => c.context.cluster.name === clusterName,
    )!;
    const values = structuredClone(
      cc.components.find((c) => c.definition.name === 'cilium')!.targets.cilium!.values,
    ) as Record<string, any>;
    mutate(values);
    return cilium.rules.flatMap((r) =>
      (r.check({ cilium: values }, cc.context) ?? []).map((x) => ({ id: r.id, ...x })),
    );
  };

  it('hold on the computed values', () => {
    expect(run(() => {})).toEqual([]);
  });

  it('report relay without hubble, ENI without native routing, kubernetes IPAM and a blocking PDB', () => {
    expect(run((v) => (v.hubble.enabled = false)).map((x) => x.id)).toEqual(['relay-needs-hubble']);
    expect(run((v) => (v.routingMode = 'tunnel'))).toEqual([
      { id: 'eni-native-routing', path: 'cilium.routingMode', expected: '"native"', found: '"tunnel"' },
    ]);
    expect(run((v) => (v.ipam.mode = 'kubernetes')).map((x) => x.id)).toEqual(['no-kubernetes-ipam-on-eks']);
    expect(run((v) => (v.operator.podDisruptionBudget.minAvailable = 2))).toEqual([
      {
        id: 'pdb-below-replicas',
        path: 'cilium.operator.podDisruptionBudget.minAvailable',
        expected: '< 2',
        found: '2',
      },
    ]);
  });
});

describe('charts/cilium rendered with the real helm for every cluster', () => {
  it('renders clean Cilium v2 policies, stricter per environment', async () => {
    const { clusters } = computeFleet(fleet, [crds, cilium]);
    const scenarios = clusters.map((cc) => ({
      name: cc.context.cluster.name,
      values: cc.components.find((c) => c.definition.name === 'cilium')!.targets.chart!.values,
      releaseName: 'cilium-config',
    }));
    const result = await checkChart(join(root, 'charts/cilium'), scenarios);
    expect(result.findings).toEqual([]);
    const names = (cluster: string) =>
      (result.objects.get(cluster) ?? [])
        .map((o) => (o.manifest as { metadata: { name: string } }).metadata.name)
        .sort();
    expect(names('agentic-dev-usw2')).toEqual([
      'baseline-allow-prometheus-scrape',
      'baseline-dns-visibility',
    ]);
    expect(names('agentic-stg-usw2')).toContain('baseline-deny-external-ingress');
    expect(names('agentic-stg-usw2')).not.toContain('baseline-deny-external-egress');
    expect(names('agentic-prod-usw2')).toContain('baseline-deny-external-egress');
  });

  it('fails rendering when values break the generated values.schema.json', async () => {
    const result = await checkChart(join(root, 'charts/cilium'), [
      {
        name: 'bad',
        values: {
          networkPolicy: { mode: 'open', monitoringNamespace: 'monitoring', excludedNamespaces: ['default'] },
        },
      },
    ]);
    const render = result.findings.filter((f) => f.check === 'render');
    expect(render).toHaveLength(1);
    expect(render[0]?.message).toMatch(/don't meet the specifications of the schema/);
    expect(render[0]?.message).toMatch(/networkPolicy|mode/);
  });
});
