import { missingLabels, type RenderedObject, renderUpstreamCharts } from '@platform/chart-harness';
import { computeFleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, loadDefaultFleet } from './__fixtures__/fleet.ts';
import opencost from './index.ts';
import { CLOUD_INTEGRATION_CONFIGMAP } from './values.ts';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}
interface Volume {
  name: string;
  configMap?: { name: string };
  emptyDir?: object;
  secret?: object;
}
interface Workload {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    template: {
      metadata: { labels?: Record<string, string> };
      spec: { containers: Container[]; volumes?: Volume[] };
    };
  };
}

/** The upstream opencost chart of every cluster, rendered with the generated values. */
const deployments = new Map<string, Workload>();
const objects = new Map<string, { environment: string; objects: RenderedObject[] }>();
beforeAll(async () => {
  const { clusters, issues } = computeFleet(await loadDefaultFleet(), COMPONENTS);
  expect(issues).toEqual([]);
  for (const cc of clusters) {
    const comp = cc.components.find((c) => c.definition.name === 'opencost')!;
    const rendered = await renderUpstreamCharts(
      opencost,
      comp.targets,
      cc.context.cluster.kubernetesVersion,
      ['monitoring.coreos.com/v1'],
    );
    const d = rendered
      .get('opencost')!
      .map((o) => o.manifest as unknown as Workload)
      .find((m) => m.kind === 'Deployment')!;
    deployments.set(cc.context.cluster.name, d);
    objects.set(cc.context.cluster.name, {
      environment: cc.context.environment.name,
      objects: rendered.get('opencost')!,
    });
  }
}, 120_000);

const env = (d: Workload, name: string) =>
  d.spec.template.spec.containers.flatMap((c) => c.env ?? []).find((e) => e.name === name)?.value;

describe('the upstream opencost chart rendered with the generated values', () => {
  it('reads Prometheus at a URL that resolves in the cluster (DNS domain cluster.local)', () => {
    expect(deployments.size).toBe(4);
    for (const d of deployments.values())
      expect(env(d, 'PROMETHEUS_SERVER_ENDPOINT')).toBe(
        'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090',
      );
  });

  it('ingests cloud costs from the cloud-integration.json our chart writes, in a writable /var/configs', () => {
    for (const [cluster, d] of deployments) {
      expect({ cluster, enabled: env(d, 'CLOUD_COST_ENABLED') }).toEqual({ cluster, enabled: 'true' });
      const exporter = d.spec.template.spec.containers.find((c) => c.name === 'opencost')!;
      const mounts = exporter.volumeMounts ?? [];
      const volumes = new Map((d.spec.template.spec.volumes ?? []).map((v) => [v.name, v]));
      const file = mounts.find((m) => m.mountPath === '/var/configs/cloud-integration.json')!;
      expect(file).toMatchObject({ subPath: 'cloud-integration.json', readOnly: true });
      expect(volumes.get(file.name)).toEqual({
        name: file.name,
        configMap: { name: CLOUD_INTEGRATION_CONFIGMAP },
      });
      const dir = mounts.find((m) => m.mountPath === '/var/configs')!;
      expect(volumes.get(dir.name)).toEqual({ name: dir.name, emptyDir: {} });
      // no Secret with the file: it holds no credentials and comes from Git as a ConfigMap
      expect([...volumes.values()].filter((v) => v.secret)).toEqual([]);
    }
  });

  it('shows the cluster under its own name', () => {
    for (const [cluster, d] of deployments) expect(env(d, 'CLUSTER_ID')).toBe(cluster);
  });

  it('labels every Deployment, StatefulSet, DaemonSet and Namespace as Gatekeeper requires', () => {
    for (const [cluster, r] of objects) {
      const required = { 'cost-center': 'platform-engineering', layer: 'l00', environment: r.environment };
      expect({ cluster, missing: missingLabels(r.objects, required) }).toEqual({ cluster, missing: [] });
    }
  });
});
