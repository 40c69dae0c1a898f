import { join, resolve } from 'node:path';
import {
  checkChart,
  missingLabels,
  type RenderedObject,
  renderUpstreamCharts,
} from '@platform/chart-harness';
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
import cilium, { ciliumValues } from './index.ts';

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
/** Istio off everywhere: Cilium integrates it, so the fleet declares it even where it is not run. */
const noIstio: ComponentDefinition = { ...istio, enabledByDefault: () => false };

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
    const { clusters, issues } = computeFleet(fleet, [crds, cilium, noIstio]);
    expect(issues).toEqual([]);
    expect(clusters).toHaveLength(4);
  });

  it('runs ENI mode with native routing and kube-proxy replacement on EKS', () => {
    const v = valuesOf([crds, cilium, noIstio], 'agentic-prod-usw2').cilium;
    expect(v.ipam.mode).toBe('eni');
    expect(v.routingMode).toBe('native');
    expect(v.kubeProxyReplacement).toBe(true);
    expect(v.k8sServiceHost).toBe('agentic-prod-usw2.gr7.us-west-2.eks.amazonaws.com');
    expect(v.bpf).toEqual({ hostLegacyRouting: false });
    expect(v.egressMasqueradeInterfaces).toBeUndefined();
  });

  it('scales HA parts with the environment: one replica and no PDB in development', () => {
    const dev = valuesOf([crds, cilium, noIstio], 'agentic-dev-usw2').cilium;
    const prod = valuesOf([crds, cilium, noIstio], 'agentic-prod-usw2').cilium;
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
    const dr = valuesOf([crds, cilium, noIstio], 'agentic-dr-use1').cilium;
    expect(dr.hubble.relay.replicas).toBe(1);
    expect(dr.hubble.ui.enabled).toBe(false);
  });

  it('sets the network policy mode of the environment in our chart', () => {
    expect(valuesOf([crds, cilium, noIstio], 'agentic-dev-usw2').chart).toMatchObject({
      networkPolicy: { mode: 'permissive' },
    });
    expect(valuesOf([crds, cilium, noIstio], 'agentic-prod-usw2').chart).toMatchObject({
      networkPolicy: { mode: 'strict' },
    });
  });

  it('gives each cluster a unique cluster id that ENI mode accepts (1-127)', () => {
    const ids = fleet.clusters.map((c) => valuesOf([crds, cilium, noIstio], c.name).cilium.cluster.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(1);
    for (const id of ids) expect(id).toBeLessThanOrEqual(127);
  });

  it('takes the cluster id from the inventory when the cluster file sets it', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) => (c.name === 'agentic-dev-usw2' ? { ...c, clusterId: 42 } : c)),
    };
    const { clusters } = computeFleet(f, [crds, cilium, noIstio]);
    const dev = clusters.find((c) => c.context.cluster.name === 'agentic-dev-usw2')!;
    const v = dev.components.find((c) => c.definition.name === 'cilium')!.targets.cilium!.values;
    expect((v as { cluster: { id: number } }).cluster.id).toBe(42);
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
    structuredClone(valuesOf([crds, cilium, noIstio], 'agentic-prod-usw2').cilium) as Record<string, any>;

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
    const cc = computeFleet(fleet, [crds, cilium, noIstio]).clusters.find(
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
    expect(
      run((v) => {
        v.bpf.masquerade = true;
        v.egressMasqueradeInterfaces = 'eth+';
      }),
    ).toEqual([
      expect.objectContaining({ id: 'eni-inert-masquerade', path: 'cilium.bpf.masquerade', found: 'true' }),
      expect.objectContaining({
        id: 'eni-inert-masquerade',
        path: 'cilium.egressMasqueradeInterfaces',
        found: '"eth+"',
      }),
    ]);
    expect(
      run((v) => {
        v.bpf.masquerade = true;
        v.enableIPv4Masquerade = true;
      }),
    ).toEqual([]);
    expect(run((v) => (v.cluster.id = 128))).toEqual([
      {
        id: 'eni-cluster-id',
        path: 'cilium.cluster.id',
        expected: '1-127 (eni.enabled is true)',
        found: '128',
        hint: 'Set `clusterId` in the cluster file to an unused ID in 1-127.',
      },
    ]);
    expect(run((v) => (v.operator.podDisruptionBudget.maxUnavailable = 2))).toEqual([
      {
        id: 'pdb-below-replicas',
        path: 'cilium.operator.podDisruptionBudget.maxUnavailable',
        expected: '< 2',
        found: '2',
      },
    ]);
    expect(run((v) => (v.operator.podDisruptionBudget.minAvailable = 1))).toEqual([
      expect.objectContaining({
        id: 'pdb-one-bound',
        path: 'cilium.operator.podDisruptionBudget.minAvailable',
        expected: 'nothing (set maxUnavailable instead)',
      }),
    ]);
  });
});

describe('charts/cilium rendered with the real helm for every cluster', () => {
  it('renders clean Cilium v2 policies, stricter per environment', async () => {
    const { clusters } = computeFleet(fleet, [crds, cilium, noIstio]);
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
    expect(names('agentic-stg-usw2')).toContain('baseline-deny-world-ingress');
    expect(names('agentic-stg-usw2')).not.toContain('baseline-allow-cluster-egress');
    expect(names('agentic-prod-usw2')).toContain('baseline-allow-cluster-egress');
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

/** The upstream cilium chart of every cluster, rendered with the generated values as Argo CD does. */
async function renderUpstream(): Promise<Map<string, RenderedObject[]>> {
  const { clusters, issues } = computeFleet(fleet, [crds, cilium, noIstio]);
  expect(issues).toEqual([]);
  const out = new Map<string, RenderedObject[]>();
  for (const cc of clusters) {
    const comp = cc.components.find((c) => c.definition.name === 'cilium')!;
    const rendered = await renderUpstreamCharts(cilium, comp.targets, cc.context.cluster.kubernetesVersion, [
      'monitoring.coreos.com/v1',
    ]);
    out.set(cc.context.cluster.name, rendered.get('cilium')!);
  }
  return out;
}

describe('the upstream cilium chart rendered with the generated values', () => {
  let renders: Map<string, RenderedObject[]>;
  beforeAll(async () => {
    renders = await renderUpstream();
  }, 120_000);

  it('renders for every cluster of the default fleet (ENI mode refuses cluster ids 128-255)', () => {
    expect([...renders.keys()].sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    for (const objects of renders.values()) expect(objects.length).toBeGreaterThan(10);
  });

  it('sets no masquerading option that the rendered config ignores (ENI mode turns masquerading off)', () => {
    for (const [cluster, objects] of renders) {
      const config = objects.find(
        (o) =>
          o.manifest.kind === 'ConfigMap' &&
          (o.manifest.metadata as { name: string }).name === 'cilium-config',
      )?.manifest.data as Record<string, string>;
      expect({ cluster, masquerade: config['enable-ipv4-masquerade'] }).toEqual({
        cluster,
        masquerade: 'false',
      });
      expect({ cluster, bpf: config['enable-bpf-masquerade'] }).toEqual({ cluster, bpf: undefined });
      expect({ cluster, ifaces: config['egress-masquerade-interfaces'] }).toEqual({
        cluster,
        ifaces: undefined,
      });
    }
  });

  it('labels the objects Gatekeeper checks outside kube-system (the cilium-secrets Namespace)', () => {
    for (const [cluster, objects] of renders) {
      const checked = objects.filter(
        (o) => (o.manifest.metadata as { namespace?: string }).namespace !== 'kube-system',
      );
      expect(
        checked.map((o) => `${o.manifest.kind}/${(o.manifest.metadata as { name: string }).name}`),
      ).toContain('Namespace/cilium-secrets');
      const environment = fleet.clusters.find((c) => c.name === cluster)!.environment;
      const required = { 'cost-center': 'platform-engineering', layer: 'l00', environment };
      expect({ cluster, missing: missingLabels(checked, required) }).toEqual({ cluster, missing: [] });
    }
  });

  it('renders PodDisruptionBudgets with one bound only (the API server rejects both)', () => {
    const pdbs = [...renders.entries()].flatMap(([cluster, objects]) =>
      objects
        .map((o) => o.manifest as { kind: string; metadata: { name: string }; spec: Record<string, unknown> })
        .filter((m) => m.kind === 'PodDisruptionBudget')
        .map((m) => ({
          cluster,
          name: m.metadata.name,
          bounds: ['minAvailable', 'maxUnavailable'].filter((k) => m.spec[k] !== undefined),
        })),
    );
    expect(pdbs.map((p) => `${p.cluster}/${p.name}`).sort()).toEqual([
      'agentic-dr-use1/cilium-operator',
      'agentic-prod-usw2/cilium-operator',
      'agentic-stg-usw2/cilium-operator',
    ]);
    for (const p of pdbs) expect(p).toMatchObject({ bounds: ['maxUnavailable'] });
  });
});
