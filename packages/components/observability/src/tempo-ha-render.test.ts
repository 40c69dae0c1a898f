import { renderChart, renderUpstreamChart } from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, compute as computeChart, RELEASE } from './__fixtures__/chart-fleet.ts';
import { compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { NAMESPACE } from './constants.ts';
import observability, { tempoValues } from './index.ts';

type Manifest = Record<string, any>;
const CLUSTERS = ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'] as const;

/** The pinned tempo chart and our chart, both rendered with the real helm, per cluster. */
const tempo = new Map<string, Manifest[]>();
const own = new Map<string, Manifest[]>();
let prodValues: Record<string, any>;
beforeAll(async () => {
  const fleet = await loadDefaultFleet();
  const upstream = compute(fleet);
  prodValues = upstream.byCluster['agentic-prod-usw2']!.targets.tempo as unknown as Record<string, any>;
  const chart = computeChart(fleet);
  const u = observability.upstreamCharts.find((c) => c.id === 'tempo')!;
  for (const cluster of CLUSTERS) {
    const { targets, context } = upstream.byCluster[cluster]!;
    const rendered = await renderUpstreamChart({
      chart: u.chart,
      version: u.version,
      releaseName: u.releaseName ?? u.id,
      namespace: NAMESPACE,
      values: targets.tempo as unknown as Record<string, unknown>,
      kubeVersion: context.cluster.kubernetesVersion,
      apiVersions: ['monitoring.coreos.com/v1'],
    });
    tempo.set(
      cluster,
      rendered.map((o) => o.manifest as Manifest),
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

const statefulSet = (cluster: string) => tempo.get(cluster)!.find((o) => o.kind === 'StatefulSet')!;
const args = (cluster: string): string[] => statefulSet(cluster).spec.template.spec.containers[0].args;
const flag = (cluster: string, name: string) =>
  args(cluster)
    .find((a) => a.startsWith(`-${name}=`))
    ?.slice(name.length + 2);
const config = (cluster: string) => {
  const cm = tempo.get(cluster)!.find((o) => o.kind === 'ConfigMap' && o.data?.['tempo.yaml'])!;
  return parse(cm.data['tempo.yaml']) as Record<string, any>;
};
const headless = (cluster: string) =>
  own.get(cluster)!.find((o) => o.kind === 'Service' && o.spec.clusterIP === 'None');
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
/** The PDBs of both charts that select the Tempo pods. */
const pdbs = (cluster: string) =>
  [...tempo.get(cluster)!, ...own.get(cluster)!].filter(
    (o) =>
      o.kind === 'PodDisruptionBudget' &&
      selects(o.spec.selector.matchLabels, statefulSet(cluster).spec.template.metadata.labels),
  );

/** `<name>.<namespace>.svc.cluster.local:<port>` (optionally `dns+`), split. */
function address(a: string | undefined) {
  const m = /^(?:dns\+)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:(\d+)$/.exec(a ?? '');
  return m ? { service: m[1], namespace: m[2], port: Number(m[3]) } : undefined;
}

// docs/decisions.md#tempo-object-storage
const HA = ['agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'] as const;

describe('Tempo runs three replicas in scalable monolithic mode where the fleet runs HA', () => {
  it('runs three replicas with -target=scalable-single-binary on S3, three copies of each trace in one ring', () => {
    for (const cluster of HA) {
      expect(statefulSet(cluster).spec.replicas, cluster).toBe(3);
      expect(flag(cluster, 'target'), cluster).toBe('scalable-single-binary');
      const c = config(cluster);
      expect(c.storage.trace.backend, cluster).toBe('s3');
      expect(c.storage.trace.s3.bucket, cluster).toBe(`${cluster}-tempo-traces`);
      expect(c.ingester.lifecycler.ring, cluster).toEqual({
        kvstore: { store: 'memberlist' },
        replication_factor: 3,
      });
    }
  });

  it('joins memberlist and finds every query-frontend through the headless Service of our chart', () => {
    for (const cluster of HA) {
      const svc = headless(cluster);
      expect(svc, `${cluster}: a headless Service in charts/observability`).toBeDefined();
      expect(svc!.metadata.namespace, cluster).toBe(NAMESPACE);
      expect(flag(cluster, 'memberlist.join'), cluster).toMatch(/^dns\+/);
      expect(address(flag(cluster, 'memberlist.join')), cluster).toEqual({
        service: svc!.metadata.name,
        namespace: svc!.metadata.namespace,
        port: 7946,
      });
      const ports = svc!.spec.ports.map((p: Manifest) => `${p.port}/${p.protocol}`);
      expect(ports, cluster).toEqual(expect.arrayContaining(['7946/TCP', '7946/UDP', '9095/TCP']));
      // pods join before they are ready (the first one has nobody else to join)
      expect(svc!.spec.publishNotReadyAddresses, cluster).toBe(true);
      // each querier connects to every query-frontend the name resolves to (Tempo's docs)
      expect(address(config(cluster).querier.frontend_worker.frontend_address), cluster).toEqual({
        service: svc!.metadata.name,
        namespace: NAMESPACE,
        port: 9095,
      });
      // the Service the StatefulSet names as its governing Service: stable pod DNS names
      expect(statefulSet(cluster).spec.serviceName, cluster).toBe(svc!.metadata.name);
    }
  });

  it('selects the rendered Tempo pods with the headless Service, the PDB and the anti-affinity', () => {
    for (const cluster of HA) {
      const sts = statefulSet(cluster);
      const podLabels = sts.spec.template.metadata.labels as Record<string, string>;
      const svc = headless(cluster)!;
      expect(selects(svc.spec.selector, podLabels), cluster).toBe(true);
      expect(selects(sts.spec.selector.matchLabels, svc.spec.selector), cluster).toBe(true);
      expect(
        pdbs(cluster).map((p) => p.spec),
        cluster,
      ).toEqual([{ maxUnavailable: 1, selector: { matchLabels: svc.spec.selector } }]);
      const anti = sts.spec.template.spec.affinity.podAntiAffinity;
      const terms = [
        ...anti.requiredDuringSchedulingIgnoredDuringExecution,
        ...anti.preferredDuringSchedulingIgnoredDuringExecution.map((p: Manifest) => p.podAffinityTerm),
      ];
      expect(terms.map((t: Manifest) => t.topologyKey).sort(), cluster).toEqual([
        'kubernetes.io/hostname',
        'topology.kubernetes.io/zone',
      ]);
      for (const t of terms) expect(selects(t.labelSelector.matchLabels, podLabels), cluster).toBe(true);
    }
  });

  it('keeps one monolith (-target=all) without PDB in development', () => {
    const cluster = 'agentic-dev-usw2';
    expect(statefulSet(cluster).spec.replicas).toBe(1);
    expect(flag(cluster, 'target')).toBeUndefined();
    expect(flag(cluster, 'memberlist.join')).toBeUndefined();
    expect(config(cluster).storage.trace.backend).toBe('s3');
    expect(pdbs(cluster)).toEqual([]);
  });

  it('refuses several replicas of the plain monolith, or fewer replicas than copies', () => {
    expect(tempoValues.safeParse(prodValues).success).toBe(true);
    const { extraArgs: _, ...plain } = prodValues.tempo;
    expect(tempoValues.safeParse({ ...prodValues, tempo: plain }).success).toBe(false);
    expect(tempoValues.safeParse({ ...prodValues, replicas: 2 }).success).toBe(false);
  });
});
