import {
  HelmRenderError,
  type RenderedObject,
  renderChart,
  renderUpstreamChart,
} from '@platform/chart-harness';
import { type Fleet, POD_IDENTITY_ROLES } from '@platform/core';
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
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
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

/** The object storage configuration a Thanos pod reads: the ConfigMap behind its --objstore.config-file. */
function objstoreOf(cluster: string, workload: Manifest): Manifest {
  const spec = workload.spec.template.spec;
  const file = args(workload)
    .find((a) => a.startsWith('--objstore.config-file='))!
    .split('=')[1]!;
  const mount = spec.containers[0].volumeMounts.find((m: Manifest) => file.startsWith(`${m.mountPath}/`));
  const volume = spec.volumes.find((v: Manifest) => v.name === mount.name);
  const cm = find(own.get(cluster)!, 'ConfigMap', volume.configMap.name);
  return parse(cm.data[file.slice(mount.mountPath.length + 1)]) as Manifest;
}
const storesOf = (cluster: string) =>
  own
    .get(cluster)!
    .filter(
      (o) =>
        o.kind === 'StatefulSet' &&
        o.spec.template.metadata.labels['app.kubernetes.io/component'] === 'thanos-store',
    );
const compactorOf = (cluster: string) => {
  const all = own
    .get(cluster)!
    .filter(
      (o) =>
        o.kind === 'StatefulSet' &&
        o.spec.template.metadata.labels['app.kubernetes.io/component'] === 'thanos-compact',
    );
  expect(all, cluster).toHaveLength(1);
  return all[0]!;
};
/** The bucket the cluster's own sidecars upload to, from the rendered Prometheus and ConfigMap. */
function sidecarBucket(cluster: string): Manifest {
  const prom = find(kps.get(cluster)!, 'Prometheus');
  const file: string = prom.spec.thanos.objectStorageConfigFile;
  const mount = prom.spec.thanos.volumeMounts.find((m: Manifest) => file.startsWith(`${m.mountPath}/`));
  const volume = prom.spec.volumes.find((v: Manifest) => v.name === mount.name);
  const cm = find(own.get(cluster)!, 'ConfigMap', volume.configMap.name);
  return (parse(cm.data[file.slice(mount.mountPath.length + 1)]) as Manifest).config;
}
const roleOf = (serviceAccount: string) =>
  POD_IDENTITY_ROLES.find((r) => r.namespace === NAMESPACE && r.serviceAccount === serviceAccount)?.role;

// docs/decisions.md#thanos-history
describe('Thanos history: a Compactor and Store Gateways on the buckets, read by Query', () => {
  it("runs one Compactor on the sidecars' bucket with --wait, retention raw 30d, 5m 180d, 1h 365d and downsampling on", () => {
    for (const cluster of CLUSTERS) {
      const compactor = compactorOf(cluster);
      expect(compactor.spec.replicas, cluster).toBe(1);
      const a = args(compactor);
      expect(a[0]).toBe('compact');
      expect(a).toEqual(
        expect.arrayContaining([
          '--wait',
          '--retention.resolution-raw=30d',
          '--retention.resolution-5m=180d',
          '--retention.resolution-1h=365d',
        ]),
      );
      expect(a).not.toContain('--downsampling.disable');
      expect(a.filter((x) => x.startsWith('--retention.'))).toHaveLength(3);
      expect(objstoreOf(cluster, compactor).config).toEqual(sidecarBucket(cluster));
      // its work space is a volume of its own, mounted at --data-dir
      const dataDir = a.find((x) => x.startsWith('--data-dir='))!.split('=')[1];
      const mounts = compactor.spec.template.spec.containers[0].volumeMounts as Manifest[];
      const data = mounts.find((m) => m.mountPath === dataDir)!;
      expect(compactor.spec.volumeClaimTemplates.map((t: Manifest) => t.metadata.name)).toEqual([data.name]);
    }
  });

  it('runs the Compactor and every Store Gateway restricted, with resources, a volume on ssd-standard and the Pod Identity role thanos', () => {
    for (const cluster of CLUSTERS) {
      for (const w of [compactorOf(cluster), ...storesOf(cluster)]) {
        const where = `${cluster} ${w.metadata.name}`;
        const spec = w.spec.template.spec;
        const c = spec.containers[0];
        expect(c.image, where).toBe(
          find(own.get(cluster)!, 'Deployment', 'thanos-query').spec.template.spec.containers[0].image,
        );
        expect(c.securityContext, where).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(spec.securityContext.seccompProfile, where).toEqual({ type: 'RuntimeDefault' });
        expect(c.resources.requests, where).toBeDefined();
        expect(c.resources.limits, where).toBeDefined();
        for (const t of w.spec.volumeClaimTemplates)
          expect(t.spec, where).toMatchObject({
            storageClassName: 'ssd-standard',
            accessModes: ['ReadWriteOnce'],
          });
        const sa = find(own.get(cluster)!, 'ServiceAccount', spec.serviceAccountName);
        expect(roleOf(sa.metadata.name), where).toBe('thanos');
      }
    }
  });

  it("runs a Store Gateway on the cluster's bucket with Query's replicas, PDB and spread", () => {
    for (const cluster of CLUSTERS) {
      const query = find(own.get(cluster)!, 'Deployment', 'thanos-query');
      const local = storesOf(cluster).filter(
        (s) => objstoreOf(cluster, s).config.bucket === sidecarBucket(cluster).bucket,
      );
      expect(local, cluster).toHaveLength(1);
      const store = local[0]!;
      expect(args(store)[0]).toBe('store');
      expect(objstoreOf(cluster, store).config).toEqual(sidecarBucket(cluster));
      expect(store.spec.replicas, cluster).toBe(query.spec.replicas);
      const pdb = own
        .get(cluster)!
        .find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === store.metadata.name);
      const queryPdb = own
        .get(cluster)!
        .find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'thanos-query');
      expect(pdb === undefined, cluster).toBe(queryPdb === undefined);
      if (pdb) expect(pdb.spec).toEqual({ minAvailable: 1, selector: store.spec.selector });
      const keys = store.spec.template.spec.topologySpreadConstraints.map((t: Manifest) => t.topologyKey);
      expect(keys).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    }
    expect(storesOf('agentic-prod-usw2')[0]!.spec.replicas).toBe(2);
    expect(storesOf('agentic-dev-usw2')[0]!.spec.replicas).toBe(1);
  });

  it('gives Query every Store Gateway as an endpoint through its headless Service, and downsampled blocks past the raw retention', () => {
    for (const cluster of CLUSTERS) {
      const query = find(own.get(cluster)!, 'Deployment', 'thanos-query');
      const stores = storesOf(cluster);
      expect(stores.length, cluster).toBeGreaterThan(0);
      for (const store of stores) {
        const svc = find(own.get(cluster)!, 'Service', store.spec.serviceName);
        expect(svc.spec.clusterIP).toBe('None');
        expect(svc.spec.selector).toEqual(store.spec.selector.matchLabels);
        const grpc = svc.spec.ports.find((p: Manifest) => p.targetPort === 'grpc');
        const port = store.spec.template.spec.containers[0].ports.find((p: Manifest) => p.name === 'grpc');
        expect(args(store)).toContain(`--grpc-address=0.0.0.0:${port.containerPort}`);
        expect(args(query)).toContain(
          `--endpoint=dnssrv+_${grpc.name}._tcp.${svc.metadata.name}.${NAMESPACE}.svc.cluster.local`,
        );
      }
      expect(args(query).filter((a) => a.startsWith('--endpoint='))).toHaveLength(stores.length + 1);
      expect(args(query)).toContain('--query.auto-downsampling');
    }
  });

  it('refuses Compactor retention that deletes blocks before they are downsampled or is never downsampled, a Store Gateway PDB that blocks every drain and a name too long for a StatefulSet', async () => {
    const chart = computeChart(await loadDefaultFleet()).byCluster.get('agentic-dev-usw2')!.chart;
    const bad = structuredClone(chart) as unknown as Manifest;
    bad.thanos.compactor.retention = { raw: '36h', '5m': '7d', '1h': '365d' };
    bad.thanos.storeGateway.podDisruptionBudget.enabled = true;
    const err = await renderChart(CHART_DIR, { name: 'bad', values: bad, ...RELEASE }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HelmRenderError);
    const { stderr } = err as HelmRenderError;
    expect(stderr).toContain(
      'thanos.compactor.retention.raw: 36h deletes raw blocks before they span the 40h',
    );
    expect(stderr).toContain(
      'thanos.compactor.retention.5m: 7d deletes 5m blocks before they span the 10 days',
    );
    expect(stderr).toContain(
      'thanos.storeGateway.podDisruptionBudget: minAvailable 1 with 1 replicas blocks every node drain',
    );
    const worse = structuredClone(chart) as unknown as Manifest;
    worse.thanos.compactor.downsampling = false;
    worse.thanos.storeGateway.remoteBuckets = {
      ['a'.repeat(40)]: {
        enabled: true,
        bucket: 'b-thanos-metrics',
        region: 'us-east-1',
        endpoint: 's3.us-east-1.amazonaws.com',
      },
    };
    const err2 = (await renderChart(CHART_DIR, { name: 'worse', values: worse, ...RELEASE }).catch(
      (e: unknown) => e,
    )) as HelmRenderError;
    expect(err2.stderr).toContain(
      'thanos.compactor.retention: 5m 180d and 1h 365d outlast raw 30d, but downsampling is off, so no 5m or 1h block is ever made',
    );
    expect(err2.stderr).toContain(
      `the Store Gateway thanos-store-${'a'.repeat(40)} (b-thanos-metrics of cluster`,
    );
  });
});

// docs/decisions.md#thanos-global-view
describe('the global view across regions: the primary reads every bucket of its environment', () => {
  /** The buckets a cluster's Store Gateways read, by the region of the bucket. */
  const bucketsRead = (cluster: string) =>
    storesOf(cluster)
      .map((s) => objstoreOf(cluster, s).config)
      .map((c) => `${c.bucket}@${c.region}`)
      .sort();

  it("gives the production primary a Store Gateway on the DR cluster's bucket, the one the DR sidecars upload to", () => {
    const dr = sidecarBucket('agentic-dr-use1');
    expect(dr).toMatchObject({ region: 'us-east-1', endpoint: 's3.us-east-1.amazonaws.com' });
    const remote = storesOf('agentic-prod-usw2').filter(
      (s) => objstoreOf('agentic-prod-usw2', s).config.bucket === dr.bucket,
    );
    expect(remote).toHaveLength(1);
    expect(objstoreOf('agentic-prod-usw2', remote[0]!).config).toEqual(dr);
    expect(bucketsRead('agentic-prod-usw2')).toEqual(
      [`${sidecarBucket('agentic-prod-usw2').bucket}@us-west-2`, `${dr.bucket}@us-east-1`].sort(),
    );
  });

  it('gives every primary the buckets of the other clusters of its environment, and the DR standby only its own', () => {
    for (const cluster of CLUSTERS) {
      const self = fleet.clusters.find((c) => c.name === cluster)!;
      const peers =
        self.role === 'primary'
          ? fleet.clusters.filter((c) => c.environment === self.environment && c.name !== cluster)
          : [];
      expect(bucketsRead(cluster), cluster).toEqual(
        [cluster, ...peers.map((p) => p.name)]
          .map((name) => {
            const c = fleet.clusters.find((x) => x.name === name)!;
            return `${name}-thanos-metrics@${c.region}`;
          })
          .sort(),
      );
    }
    expect(bucketsRead('agentic-dr-use1')).toEqual(['agentic-dr-use1-thanos-metrics@us-east-1']);
    expect(bucketsRead('agentic-dev-usw2')).toEqual(['agentic-dev-usw2-thanos-metrics@us-west-2']);
  });

  it("lets the Compactor and every Store Gateway reach S3 of its bucket's region and the Pod Identity agent in strict egress mode", () => {
    const matches = (fqdn: string, host: string) =>
      new RegExp(`^${fqdn.replaceAll('.', '\\.').replaceAll('*', '[-a-z0-9.]*')}$`).test(host);
    for (const cluster of CLUSTERS) {
      const egress = contexts.get(cluster)!.egress!;
      for (const w of [compactorOf(cluster), ...storesOf(cluster)]) {
        const labels = w.spec.template.metadata.labels as Record<string, string>;
        const selects = (podLabels: Record<string, string> | undefined) =>
          Object.entries(podLabels ?? {}).every(([k, v]) => labels[k] === v);
        const { bucket, endpoint } = objstoreOf(cluster, w).config;
        const s3 = egress.filter(
          (e) =>
            e.namespace === NAMESPACE &&
            e.ports.includes(443) &&
            selects(e.podLabels) &&
            (e.fqdns ?? []).some((f) => matches(f, `${bucket}.${endpoint}`)),
        );
        expect(s3.length, `${cluster} ${w.metadata.name} to ${bucket}.${endpoint}`).toBeGreaterThan(0);
        const agent = egress.filter(
          (e) =>
            e.namespace === NAMESPACE &&
            e.podLabels?.['io.cilium.k8s.policy.serviceaccount'] ===
              w.spec.template.spec.serviceAccountName &&
            e.cidrs?.includes('169.254.170.23/32'),
        );
        expect(agent.length, `${cluster} ${w.metadata.name} to the Pod Identity agent`).toBe(1);
      }
    }
    // the production primary's allow for us-east-1 selects only the Store Gateways of us-east-1 buckets
    const remote = contexts
      .get('agentic-prod-usw2')!
      .egress!.find((e) => e.name === 'monitoring-thanos-store-use1-s3');
    expect(remote).toMatchObject({
      podLabels: { 'app.kubernetes.io/component': 'thanos-store', 'thanos-bucket-region': 'us-east-1' },
      fqdns: ['s3.us-east-1.amazonaws.com', '*.s3.us-east-1.amazonaws.com'],
    });
    expect(
      contexts.get('agentic-dr-use1')!.egress!.filter((e) => e.name.startsWith('monitoring-thanos-store-')),
    ).toEqual([expect.objectContaining({ name: 'monitoring-thanos-store-s3' })]);
  });
});
