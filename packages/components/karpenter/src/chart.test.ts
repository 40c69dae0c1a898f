import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkChart,
  checkObjects,
  crdProblems,
  crdSchema,
  type RenderedObject,
  upstreamCrds,
} from '@platform/chart-harness';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, CLUSTERS, compute, loadDefaultFleet, ROOT } from './__fixtures__/fleet.ts';
import karpenter, { type ChartValues } from './index.ts';

const PIN = karpenter.upstreamCharts.find((u) => u.id === 'karpenter')!;

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  data?: Record<string, string>;
};
type NodePoolSpec = {
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      nodeClassRef: { group: string; kind: string; name: string };
      requirements: { key: string; operator: string; values: string[] }[];
    };
  };
  limits: Record<string, string>;
};

let objects: Map<string, RenderedObject[]>;
let findings: unknown[];
let chartValues: Record<string, ChartValues>;
let upstreamValues: Record<string, unknown>;

beforeAll(async () => {
  const { issues, byCluster } = compute(await loadDefaultFleet());
  expect(issues).toEqual([]);
  chartValues = Object.fromEntries(Object.entries(byCluster).map(([c, v]) => [c, v.chart]));
  upstreamValues = Object.fromEntries(Object.entries(byCluster).map(([c, v]) => [c, v.upstream]));
  const scenarios = Object.entries(byCluster).map(([name, v]) => ({
    name,
    values: v.chart as Record<string, unknown>,
    namespace: 'kube-system',
    releaseName: 'karpenter-config',
    kubeVersion: `${v.context.cluster.kubernetesVersion}.0`,
  }));
  ({ objects, findings } = await checkChart(CHART_DIR, scenarios));
});

const manifests = (cluster: string) =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as unknown as Manifest);
const byKind = (cluster: string, kind: string) => manifests(cluster).filter((m) => m.kind === kind);
const nodePool = (cluster: string, name: string) =>
  byKind(cluster, 'NodePool').find((m) => m.metadata.name === name)?.spec as NodePoolSpec | undefined;
const requirement = (cluster: string, pool: string, key: string) =>
  nodePool(cluster, pool)?.template.spec.requirements.find((r) => r.key === key)?.values;

describe('charts/karpenter rendered with the real helm for every cluster', () => {
  it('passes the harness (karpenter.sh/v1 and karpenter.k8s.aws/v1 checked strictly)', () => {
    expect(findings).toEqual([]);
    for (const c of CLUSTERS) {
      expect(byKind(c, 'NodePool').map((m) => m.metadata.name)).toEqual([
        'general',
        'gpu-inference',
        'high-memory',
        'spot-batch',
      ]);
      expect(byKind(c, 'EC2NodeClass').map((m) => m.metadata.name)).toEqual(['default', 'gpu']);
      for (const m of manifests(c)) expect(m.metadata.labels).toMatchObject({ layer: 'l00' });
    }
  });

  it('references node classes as {group, kind, name} and pins every AMI alias', () => {
    for (const c of CLUSTERS) {
      expect(nodePool(c, 'general')?.template.spec.nodeClassRef).toEqual({
        group: 'karpenter.k8s.aws',
        kind: 'EC2NodeClass',
        name: 'default',
      });
      expect(nodePool(c, 'gpu-inference')?.template.spec.nodeClassRef.name).toBe('gpu');
      for (const nc of byKind(c, 'EC2NodeClass')) {
        const spec = nc.spec as { amiSelectorTerms: { alias: string }[]; subnetSelectorTerms: unknown[] };
        expect(spec.amiSelectorTerms[0]?.alias).toMatch(/@v[\d.]+$/);
        expect(spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': c } }]);
      }
    }
  });

  it('requests spot per environment: everywhere in dev, general+batch in staging, batch only in prod', () => {
    const cap = (pool: string) => CLUSTERS.map((c) => requirement(c, pool, 'karpenter.sh/capacity-type'));
    expect(cap('general')).toEqual([
      ['spot', 'on-demand'],
      ['spot', 'on-demand'],
      ['on-demand'],
      ['on-demand'],
    ]);
    expect(cap('gpu-inference')).toEqual([
      ['spot', 'on-demand'],
      ['on-demand'],
      ['on-demand'],
      ['on-demand'],
    ]);
    expect(cap('spot-batch')).toEqual([['spot'], ['spot'], ['spot'], ['spot']]);
  });

  it('holds the general floor with 1/2/3 placeholder pods and none on the DR standby', () => {
    const floors = CLUSTERS.map((c) =>
      byKind(c, 'Deployment').map((d) => `${d.metadata.name}=${(d.spec as { replicas: number }).replicas}`),
    );
    expect(floors).toEqual([
      ['karpenter-floor-general=1'],
      ['karpenter-floor-general=2'],
      ['karpenter-floor-general=3'],
      [],
    ]);
    expect(byKind('agentic-dr-use1', 'PriorityClass')).toEqual([]);
  });

  it('scales the DR standby down: zero limits on the GPU, high-memory and batch pools', () => {
    for (const pool of ['gpu-inference', 'high-memory', 'spot-batch'])
      expect(nodePool('agentic-dr-use1', pool)?.limits).toMatchObject({ nodes: '0', cpu: '0', memory: '0' });
    expect(nodePool('agentic-dr-use1', 'general')?.limits).toEqual({
      nodes: '10',
      cpu: '200',
      memory: '400Gi',
    });
    expect(nodePool('agentic-prod-usw2', 'gpu-inference')?.limits['nvidia.com/gpu']).toBe('40');
  });

  it('configures MIG only in production, time-slicing x2 in development and x4 in staging', () => {
    const gpuLabels = CLUSTERS.map((c) => {
      const l = nodePool(c, 'gpu-inference')?.template.metadata.labels ?? {};
      return [l['nvidia.com/device-plugin.config'], l['nvidia.com/mig.config']];
    });
    expect(gpuLabels).toEqual([
      ['time-slicing-x2', undefined],
      ['time-slicing-x4', undefined],
      ['mig-mixed', 'all-balanced'],
      ['mig-mixed', 'all-balanced'],
    ]);
    const configMaps = (c: string) => byKind(c, 'ConfigMap').map((m) => m.metadata.name);
    expect(configMaps('agentic-dev-usw2')).toEqual(['nvidia-device-plugin-config']);
    expect(configMaps('agentic-prod-usw2')).toEqual([
      'nvidia-device-plugin-config',
      'nvidia-mig-parted-config',
    ]);
    const staging = parse(byKind('agentic-stg-usw2', 'ConfigMap')[0]!.data!['time-slicing-x4']!);
    expect(staging.sharing.timeSlicing.resources).toEqual([{ name: 'nvidia.com/gpu', replicas: 4 }]);
    const mig = parse(byKind('agentic-prod-usw2', 'ConfigMap')[1]!.data!['config.yaml']!);
    expect(mig['mig-configs']['all-balanced']).toEqual([
      { devices: 'all', 'mig-enabled': true, 'mig-devices': { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 } },
    ]);
  });

  it('is rejected by the harness when it would emit v1beta1 or an unknown NodePool field', async () => {
    const pool = structuredClone(manifests('agentic-prod-usw2').find((m) => m.kind === 'NodePool')!);
    const typo = structuredClone(pool) as Manifest & { spec: { disruption: Record<string, unknown> } };
    typo.spec.disruption.consolidateAftr = '30s';
    const beta = { ...structuredClone(pool), apiVersion: 'karpenter.sh/v1beta1' };
    const found = await checkObjects(
      [typo, beta].map((manifest) => ({
        source: 'test',
        manifest: manifest as unknown as Record<string, unknown>,
      })),
      { scenario: 'mutated' },
    );
    expect(found.map((f) => f.check).sort()).toEqual(['served-api', 'unknown-field']);
  });

  it('renders the hand-written edge scenarios clean', async () => {
    const edges = readdirSync(join(CHART_DIR, 'ci')).filter((f) => /^edge-.*-values\.yaml$/.test(f));
    expect(edges.length).toBeGreaterThan(0);
    const r = await checkChart(
      CHART_DIR,
      edges.map((f) => ({
        name: f,
        namespace: 'kube-system',
        values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')) as Record<string, unknown>,
      })),
    );
    expect(r.findings).toEqual([]);
    const edge = (r.objects.get('edge-h100-mig-single-values.yaml') ?? []).map(
      (o) => o.manifest as unknown as Manifest,
    );
    expect(edge.filter((m) => m.kind === 'ConfigMap').map((m) => m.metadata.namespace)).toEqual([
      'gpu-operator',
      'gpu-operator',
    ]);
    const warm = edge.find((m) => m.metadata.name === 'karpenter-floor-gpu-inference')!;
    expect(JSON.stringify(warm.spec)).toContain('"key":"nvidia.com/gpu","operator":"Equal","value":"true"');
  });

  it('fails rendering with one aggregated message for what the JSON schema cannot express', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.nodePools.general!.minNodes = 80;
    values.nodePools['gpu-inference']!.disruption.budgets = [{ nodes: '0' }];
    values.gpu.mig = {
      strategy: 'mixed',
      config: 'q2',
      layout: { '1g.10gb': 4, '2g.20gb': 2, '3g.40gb': 1 },
    };
    const r = await checkChart(CHART_DIR, [{ name: 'bad', values: values as Record<string, unknown> }]);
    expect(r.findings).toHaveLength(1);
    const message = (r.findings[0] as { message: string }).message;
    expect(message).toContain('karpenter node pool values are invalid');
    expect(message).toContain('nodePools.general.minNodes: must be <= maxNodes (50), found 80');
    expect(message).toContain('nodePools.gpu-inference.disruption.budgets: a zero budget for Empty');
    expect(message).toContain('gpu.mig.layout: needs 11 compute slices, a nvidia-a100-80gb has 7');
    expect(message).toContain('gpu.mig.layout: needs 12 memory slices');
  });
});

describe(`cross-check against the CRDs of the karpenter chart ${PIN.version} (chart cache)`, () => {
  // loaded in each test, so a missing chart fails every test with the command to run
  let crds: Promise<Record<string, unknown>[]> | undefined;
  const schema = async (kind: string) => {
    crds ??= upstreamCrds(cachedChartPath(chartCacheDir(ROOT), PIN.chart, PIN.version), {
      // the chart refuses to render without its settings; those of a real cluster of the fleet
      values: upstreamValues['agentic-dev-usw2'] as Record<string, unknown>,
      namespace: karpenter.namespace,
    });
    const found = crdSchema(await crds, kind, 'v1');
    expect(found, `karpenter ${PIN.version} ships the ${kind} v1 CRD`).toBeDefined();
    return found!;
  };

  it('validates every NodePool and EC2NodeClass structurally', async () => {
    const nodePoolSchema = await schema('NodePool');
    const nodeClassSchema = await schema('EC2NodeClass');
    for (const c of CLUSTERS) {
      for (const m of byKind(c, 'NodePool'))
        expect(crdProblems(nodePoolSchema, m), `${c} ${m.metadata.name}`).toEqual([]);
      for (const m of byKind(c, 'EC2NodeClass'))
        expect(crdProblems(nodeClassSchema, m), `${c} ${m.metadata.name}`).toEqual([]);
    }
    const bad = structuredClone(byKind('agentic-dev-usw2', 'NodePool')[0]!) as Manifest & {
      spec: { disruption: Record<string, unknown> };
    };
    bad.spec.disruption.consolidationPolicy = 'WhenUnderutilized';
    expect(crdProblems(nodePoolSchema, bad)).toEqual([
      'spec.disruption.consolidationPolicy: "WhenUnderutilized" not in enum',
    ]);
  });

  it('uses AMI families the CRD accepts and keeps template labels off restricted domains', async () => {
    const nodeClassSchema = await schema('EC2NodeClass');
    for (const c of CLUSTERS) {
      for (const nc of byKind(c, 'EC2NodeClass')) {
        const alias = (nc.spec as { amiSelectorTerms: { alias: string }[] }).amiSelectorTerms[0]!.alias;
        expect(alias.length).toBeLessThanOrEqual(30);
        expect(['al2', 'al2023', 'bottlerocket']).toContain(alias.split('@')[0]);
        expect(crdProblems(nodeClassSchema, nc), `${c} ${nc.metadata.name}`).toEqual([]);
      }
      for (const p of byKind(c, 'NodePool'))
        for (const key of Object.keys((p.spec as NodePoolSpec).template.metadata.labels))
          expect(key).not.toMatch(/(^|\.)karpenter\.(sh|k8s\.aws)\//);
    }
  });
});

describe('charts/karpenter values.yaml', () => {
  it('documents every key with a "# --" comment and holds the development cluster', () => {
    const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    const lines = text.split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^\s*[a-zA-Z-]+:/.test(line) || /^\s*- /.test(line)) return [];
      const indent = line.search(/\S/);
      let j = i - 1;
      while (j >= 0 && /^\s*#/.test(lines[j]!) && !/^\s*# --/.test(lines[j]!)) j--;
      if (j >= 0 && /^\s*# --/.test(lines[j]!)) return [];
      // keys inside a documented map or list item (labels, limits, budgets) are described by their parent
      const parent = lines
        .slice(0, i)
        .reverse()
        .find((l) => /\S/.test(l) && l.search(/\S/) < indent);
      return parent &&
        (/^\s*(labels|limits|disruption|requests|resources|budgets):/.test(parent) || /^\s*- /.test(parent))
        ? []
        : [line.trim()];
    });
    expect(undocumented).toEqual([]);
    expect(parse(text)).toEqual(chartValues['agentic-dev-usw2']);
  });
});
