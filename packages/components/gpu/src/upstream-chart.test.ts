import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RenderedObject, renderChart, renderUpstreamCharts } from '@platform/chart-harness';
import { INFRASTRUCTURE_ALERTS } from '@platform/component-observability';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { computed, KARPENTER_CHART_DIR, loadDefaultFleet, ROOT, targetsOf } from './__fixtures__/fleet.ts';
import gpu, { DEVICE_PLUGIN_CONFIG_LABEL, DEVICE_PLUGIN_CONFIGMAP, NAMESPACE } from './index.ts';

type Manifest = Record<string, any>;
interface ClusterRender {
  gpu: Map<string, RenderedObject[]>;
  karpenter: Manifest[];
  values: Record<string, any>;
}

/** Per cluster: both upstream GPU charts and our karpenter chart, rendered with the generated values. */
const renders = new Map<string, ClusterRender>();
beforeAll(async () => {
  for (const cc of computed(await loadDefaultFleet())) {
    const values = targetsOf(cc, 'gpu');
    const comp = cc.components.find((c) => c.definition.name === 'gpu')!;
    const rendered = await renderUpstreamCharts(gpu, comp.targets, cc.context.cluster.kubernetesVersion, [
      'monitoring.coreos.com/v1',
    ]);
    const karpenter = await renderChart(KARPENTER_CHART_DIR, {
      name: cc.context.cluster.name,
      values: targetsOf(cc, 'karpenter').chart!,
      releaseName: 'karpenter-config',
      namespace: 'kube-system',
    });
    renders.set(cc.context.cluster.name, {
      gpu: rendered,
      karpenter: karpenter.map((o) => o.manifest as Manifest),
      values,
    });
  }
}, 180_000);

const workloads = (r: ClusterRender, id: string) =>
  (r.gpu.get(id) ?? []).map((o) => o.manifest as Manifest).filter((m) => m.kind === 'DaemonSet');

describe("the GPU charts consume Karpenter's GPU NodePools and ConfigMap", () => {
  it('reads the ConfigMap charts/karpenter renders in the same namespace, with the environment entry', () => {
    expect(renders.size).toBe(4);
    for (const [cluster, r] of renders) {
      const cm = r.karpenter.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === DEVICE_PLUGIN_CONFIGMAP,
      );
      expect(cm, cluster).toBeDefined();
      expect(cm!.metadata.namespace).toBe(NAMESPACE);
      const key = r.values['nvidia-device-plugin'].config.default;
      expect(Object.keys(cm!.data), cluster).toContain(key);
      const entry = parse(cm!.data[key]) as Manifest;
      expect(entry.flags.migStrategy).toBe(key.startsWith('mig-') ? key.slice(4) : 'none');
    }
  });

  it('schedules only where the GPU NodePools put their label, and tolerates their taints', () => {
    for (const [cluster, r] of renders) {
      const pools = r.karpenter.filter(
        (m) =>
          m.kind === 'NodePool' && m.spec.template.metadata.labels[DEVICE_PLUGIN_CONFIG_LABEL] !== undefined,
      );
      expect(pools.length, cluster).toBeGreaterThan(0);
      for (const pool of pools) {
        const key = pool.spec.template.metadata.labels[DEVICE_PLUGIN_CONFIG_LABEL];
        expect(key).toBe(r.values['nvidia-device-plugin'].config.default);
        for (const ds of [...workloads(r, 'nvidia-device-plugin'), ...workloads(r, 'dcgm-exporter')]) {
          const spec = ds.spec.template.spec;
          const required = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
          expect(required.nodeSelectorTerms, ds.metadata.name).toEqual([
            { matchExpressions: [{ key: DEVICE_PLUGIN_CONFIG_LABEL, operator: 'Exists' }] },
          ]);
          for (const taint of pool.spec.template.spec.taints ?? [])
            expect(spec.tolerations, `${cluster} ${ds.metadata.name}`).toContainEqual({
              key: taint.key,
              operator: 'Equal',
              value: taint.value,
              effect: taint.effect,
            });
        }
      }
    }
  });

  it('points the device plugin at the ConfigMap and the node label (config-manager)', () => {
    const r = renders.get('agentic-stg-usw2')!;
    const plugin = workloads(r, 'nvidia-device-plugin').find(
      (d) => d.metadata.name === 'nvidia-device-plugin',
    )!;
    const env = Object.fromEntries(
      plugin.spec.template.spec.initContainers[0].env.map((e: Manifest) => [e.name, e.value]),
    );
    expect(env).toMatchObject({ NODE_LABEL: DEVICE_PLUGIN_CONFIG_LABEL, DEFAULT_CONFIG: 'time-slicing-x4' });
    const volumes = plugin.spec.template.spec.volumes.map((v: Manifest) => v.configMap?.name).filter(Boolean);
    expect(volumes).toContain(DEVICE_PLUGIN_CONFIGMAP);
  });
});

describe('DCGM exporter exports what the observability GPU alert and dashboard read', () => {
  const DCGM = /\bDCGM_FI_[A-Z_]+\b/g;
  const used = new Set(
    [
      ...JSON.stringify(INFRASTRUCTURE_ALERTS).matchAll(DCGM),
      ...readFileSync(join(ROOT, 'charts/observability/dashboards/gpu-utilization.json'), 'utf8').matchAll(
        DCGM,
      ),
    ].map((m) => m[0]),
  );

  it('collects every DCGM field the alerts and the dashboard use, and a ServiceMonitor scrapes it', () => {
    expect([...used].sort()).toEqual([
      'DCGM_FI_DEV_FB_USED',
      'DCGM_FI_DEV_GPU_UTIL',
      'DCGM_FI_DEV_MEM_COPY_UTIL',
    ]);
    for (const [cluster, r] of renders) {
      const objs = (r.gpu.get('dcgm-exporter') ?? []).map((o) => o.manifest as Manifest);
      const counters = objs.find((m) => m.kind === 'ConfigMap')!.data.metrics as string;
      const collected = new Set(
        counters
          .split('\n')
          .map((l) => l.split(',')[0]!.trim())
          .filter((l) => l.startsWith('DCGM_FI_')),
      );
      for (const metric of used) expect(collected.has(metric), `${cluster} ${metric}`).toBe(true);
      expect(objs.find((m) => m.kind === 'ServiceMonitor')?.spec.endpoints[0].interval).toBe('30s');
    }
  });
});
