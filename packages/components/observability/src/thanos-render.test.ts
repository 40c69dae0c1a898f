import {
  HelmRenderError,
  type RenderedObject,
  renderChart,
  renderUpstreamChart,
} from '@platform/chart-harness';
import { POD_IDENTITY_ROLES } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, compute as computeChart, RELEASE } from './__fixtures__/chart-fleet.ts';
import { compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { NAMESPACE } from './constants.ts';
import observability from './index.ts';

type Manifest = Record<string, any>;
const CLUSTERS = ['agentic-dev-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'] as const;

/** kube-prometheus-stack and our chart, rendered with the real helm, per cluster. */
const kps = new Map<string, Manifest[]>();
const own = new Map<string, Manifest[]>();
const contexts = new Map<string, ReturnType<typeof compute>['byCluster'][string]['context']>();
beforeAll(async () => {
  const fleet = await loadDefaultFleet();
  const upstream = compute(fleet);
  const chart = computeChart(fleet);
  const u = observability.upstreamCharts.find((c) => c.id === 'kube-prometheus-stack')!;
  for (const cluster of CLUSTERS) {
    const { targets, context } = upstream.byCluster[cluster]!;
    contexts.set(cluster, context);
    const rendered = await renderUpstreamChart({
      chart: u.chart,
      version: u.version,
      releaseName: u.releaseName ?? u.id,
      namespace: NAMESPACE,
      values: targets['kube-prometheus-stack'] as unknown as Record<string, unknown>,
      kubeVersion: context.cluster.kubernetesVersion,
      apiVersions: ['monitoring.coreos.com/v1'],
    });
    kps.set(
      cluster,
      rendered.map((o: RenderedObject) => o.manifest as Manifest),
    );
    const ours = await renderChart(CHART_DIR, {
      name: cluster,
      values: chart.byCluster.get(cluster)!.chart as unknown as Record<string, unknown>,
      ...RELEASE,
    });
    own.set(
      cluster,
      ours.map((o) => o.manifest as Manifest),
    );
  }
}, 300_000);

const find = (objects: Manifest[], kind: string, name?: string) => {
  const o = objects.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ''} rendered`);
  return o;
};
const args = (d: Manifest): string[] => d.spec.template.spec.containers[0].args;

// docs/decisions.md#prometheus-deduplication
describe('Thanos: sidecars in the rendered Prometheus, Query in our chart, Grafana on Query', () => {
  it('runs the sidecar on the cluster bucket from a ConfigMap without credentials, as the Pod Identity role thanos', () => {
    for (const cluster of CLUSTERS) {
      const prom = find(kps.get(cluster)!, 'Prometheus');
      const file: string = prom.spec.thanos.objectStorageConfigFile;
      const mount = prom.spec.thanos.volumeMounts.find((m: Manifest) => file.startsWith(`${m.mountPath}/`));
      expect(mount, cluster).toBeDefined();
      const volume = prom.spec.volumes.find((v: Manifest) => v.name === mount.name);
      const cm = find(own.get(cluster)!, 'ConfigMap', volume.configMap.name);
      const objstore = parse(cm.data[file.slice(mount.mountPath.length + 1)]) as Manifest;
      const region = contexts.get(cluster)!.region.name;
      expect(objstore).toEqual({
        type: 'S3',
        config: {
          bucket: `${cluster}-thanos-metrics`,
          endpoint: `s3.${region}.amazonaws.com`,
          region,
          aws_sdk_auth: true,
        },
      });
      // no Secret for the object storage: the chart's own `objectStorageConfig.secret` is not used
      expect(prom.spec.thanos.objectStorageConfig, cluster).toBeUndefined();
      expect(
        kps.get(cluster)!.filter((o) => o.kind === 'Secret' && /thanos|objstore/.test(o.metadata.name)),
      ).toEqual([]);
      const sa = find(kps.get(cluster)!, 'ServiceAccount', prom.spec.serviceAccountName);
      const role = POD_IDENTITY_ROLES.find((r) => r.role === 'thanos')!;
      expect([NAMESPACE, sa.metadata.name]).toEqual([role.namespace, role.serviceAccount]);
    }
  });

  it('points Thanos Query at the rendered sidecar discovery Service and deduplicates by prometheus_replica', () => {
    for (const cluster of CLUSTERS) {
      const discovery = kps
        .get(cluster)!
        .find((o) => o.kind === 'Service' && o.metadata.name.endsWith('-thanos-discovery'))!;
      expect(discovery.spec.clusterIP).toBe('None');
      const grpc = discovery.spec.ports.find((p: Manifest) => p.port === 10901);
      const query = find(own.get(cluster)!, 'Deployment', 'thanos-query');
      expect(args(query)).toContain(
        `--endpoint=dnssrv+_${grpc.name}._tcp.${discovery.metadata.name}.${NAMESPACE}.svc.cluster.local`,
      );
      // the operator labels every replica's series with prometheus_replica (external label)
      const prom = find(kps.get(cluster)!, 'Prometheus');
      expect(prom.spec.replicaExternalLabelName ?? 'prometheus_replica').toBe('prometheus_replica');
      expect(args(query)).toContain('--query.replica-label=prometheus_replica');
    }
  });

  it('runs Query with the Thanos release the chart gives the sidecars, restricted, with resources', () => {
    for (const cluster of CLUSTERS) {
      const operator = kps
        .get(cluster)!
        .find((o) => o.kind === 'Deployment' && o.metadata.name.endsWith('-operator'))!;
      const base = (operator.spec.template.spec.containers[0].args as string[])
        .find((a) => a.startsWith('--thanos-default-base-image='))!
        .split('=')[1];
      const query = find(own.get(cluster)!, 'Deployment', 'thanos-query');
      const c = query.spec.template.spec.containers[0];
      expect(c.image).toBe(base);
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(query.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(c.resources.requests).toBeDefined();
      expect(c.resources.limits).toBeDefined();
    }
  });

  it('runs two Query replicas behind a PDB where the environment has PDBs, one in development', () => {
    const replicas = (cluster: string) => find(own.get(cluster)!, 'Deployment', 'thanos-query').spec.replicas;
    const pdb = (cluster: string) =>
      own.get(cluster)!.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'thanos-query');
    expect(replicas('agentic-prod-usw2')).toBe(2);
    expect(replicas('agentic-dr-use1')).toBe(2);
    expect(pdb('agentic-prod-usw2')?.spec).toEqual({
      minAvailable: 1,
      selector: find(own.get('agentic-prod-usw2')!, 'Deployment', 'thanos-query').spec.selector,
    });
    expect(replicas('agentic-dev-usw2')).toBe(1);
    expect(pdb('agentic-dev-usw2')).toBeUndefined();
  });

  it("makes Thanos Query Grafana's default Prometheus datasource", () => {
    for (const cluster of CLUSTERS) {
      const cm = kps
        .get(cluster)!
        .find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-grafana-datasource'))!;
      const { datasources } = parse(cm.data['datasource.yaml']) as { datasources: Manifest[] };
      const defaults = datasources.filter((d) => d.isDefault);
      expect(defaults).toHaveLength(1);
      const url = new URL(defaults[0]!.url);
      const svc = find(own.get(cluster)!, 'Service', 'thanos-query');
      expect(url.hostname).toBe(`${svc.metadata.name}.${NAMESPACE}.svc.cluster.local`);
      const port = svc.spec.ports.find((p: Manifest) => p.port === Number(url.port));
      expect(port?.targetPort).toBe('http');
      const container = find(own.get(cluster)!, 'Deployment', 'thanos-query').spec.template.spec
        .containers[0];
      const http = container.ports.find((p: Manifest) => p.name === 'http');
      expect(args(find(own.get(cluster)!, 'Deployment', 'thanos-query'))).toContain(
        `--http-address=0.0.0.0:${http.containerPort}`,
      );
    }
  });

  it('lets the sidecars reach S3 and STS of the region in strict egress mode', () => {
    const ctx = contexts.get('agentic-prod-usw2')!;
    const allow = observability.egress!(ctx).find((e) => e.name === 'monitoring-thanos-s3')!;
    expect(allow).toMatchObject({
      namespace: NAMESPACE,
      podLabels: { 'app.kubernetes.io/name': 'prometheus' },
      fqdns: ['s3.us-west-2.amazonaws.com', '*.s3.us-west-2.amazonaws.com', 'sts.us-west-2.amazonaws.com'],
      ports: [443],
    });
  });

  it('refuses a Thanos Query PDB that would block every drain, naming the path', async () => {
    const chart = computeChart(await loadDefaultFleet()).byCluster.get('agentic-dev-usw2')!.chart;
    const bad = structuredClone(chart) as unknown as Manifest;
    bad.thanos.query.podDisruptionBudget.enabled = true;
    const err = await renderChart(CHART_DIR, { name: 'bad', values: bad, ...RELEASE }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HelmRenderError);
    expect((err as HelmRenderError).stderr).toContain(
      'thanos.query.podDisruptionBudget: minAvailable 1 with 1 replicas blocks every node drain',
    );
  });
});
