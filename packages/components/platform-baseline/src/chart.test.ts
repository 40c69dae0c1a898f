import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkChart, type RenderedObject } from '@platform/chart-harness';
import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMap, isScalar, parse, parseDocument, type YAMLMap } from 'yaml';
import { CHART_DIR, CLUSTERS, compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { baselineLayers, type ChartValues } from './index.ts';

type Manifest = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};
let objects: Map<string, RenderedObject[]>;
let findings: unknown[];
let contexts: ClusterContext[];

beforeAll(async () => {
  const { issues, clusters, byCluster } = compute(await loadDefaultFleet());
  expect(issues).toEqual([]);
  contexts = clusters.map((c) => c.context);
  const scenarios = clusters.map((cc) => ({
    name: cc.context.cluster.name,
    values: byCluster[cc.context.cluster.name] as Record<string, unknown>,
    namespace: 'kube-system',
    releaseName: 'platform-baseline-config',
    kubeVersion: `${cc.context.cluster.kubernetesVersion}.0`,
  }));
  ({ objects, findings } = await checkChart(CHART_DIR, scenarios));
});

const manifests = (cluster: string) =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as unknown as Manifest);
const find = (cluster: string, kind: string, name: string, namespace?: string) =>
  manifests(cluster).find(
    (m) =>
      m.kind === kind &&
      m.metadata.name === name &&
      (namespace === undefined || m.metadata.namespace === namespace),
  ) as (Manifest & { spec: Record<string, unknown> }) | undefined;
const policiesIn = (cluster: string, namespace: string) =>
  manifests(cluster)
    .filter((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === namespace)
    .map((m) => m.metadata.name)
    .sort();

describe('charts/platform-baseline rendered with the real helm for every cluster', () => {
  it('passes the harness: schemas, unknown fields, served APIs, labels, policies', () => {
    expect(findings).toEqual([]);
    expect([...objects.keys()].sort()).toEqual([...CLUSTERS].sort());
  });

  it('emits the five PriorityClasses, four StorageClasses and two RuntimeClasses everywhere', () => {
    for (const c of CLUSTERS) {
      const kinds = manifests(c).map((m) => m.kind);
      expect([
        kinds.filter((k) => k === 'PriorityClass').length,
        kinds.filter((k) => k === 'StorageClass').length,
      ]).toEqual([5, 4]);
      expect(kinds.filter((k) => k === 'RuntimeClass')).toHaveLength(2);
    }
    const standard = find('agentic-prod-usw2', 'StorageClass', 'ssd-standard') as unknown as Record<
      string,
      unknown
    >;
    expect(standard).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    expect(find('agentic-prod-usw2', 'PriorityClass', 'batch-low')).toMatchObject({
      value: -100,
      preemptionPolicy: 'Never',
    });
    expect(find('agentic-prod-usw2', 'RuntimeClass', 'kata-containers')).toMatchObject({
      handler: 'kata-qemu',
    });
  });

  it('labels namespaces with the required and Pod Security labels per category', () => {
    const ns = find('agentic-prod-usw2', 'Namespace', 'data-layer')!;
    expect(ns.metadata.labels).toMatchObject({
      'cost-center': 'platform-engineering',
      layer: 'l01',
      environment: 'production',
      tier: 'application',
      'managed-by': 'argocd',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(find('agentic-dev-usw2', 'Namespace', 'infrastructure')!.metadata.labels).toMatchObject({
      environment: 'development',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
    expect(find('agentic-prod-usw2', 'Namespace', 'argocd')).toBeDefined();
    expect(find('agentic-prod-usw2', 'Namespace', 'kube-system')).toBeUndefined();
  });

  it('renders quotas twice as large in development (x2) as in staging and production', () => {
    const hard = (c: string) =>
      (
        find(c, 'ResourceQuota', 'agent-pool-default-quota', 'agent-pool-default')!.spec as {
          hard: Record<string, string>;
        }
      ).hard;
    expect(hard('agentic-prod-usw2')).toEqual({
      'requests.cpu': '10',
      'requests.memory': '20Gi',
      'limits.cpu': '20',
      'limits.memory': '40Gi',
      'requests.nvidia.com/gpu': '2',
      persistentvolumeclaims: '10',
      'requests.storage': '50Gi',
      pods: '50',
      services: '20',
      secrets: '50',
      configmaps: '50',
    });
    expect(hard('agentic-stg-usw2')).toEqual(hard('agentic-prod-usw2'));
    expect(hard('agentic-dev-usw2')).toMatchObject({
      'requests.cpu': '20',
      'limits.memory': '80Gi',
      pods: '100',
      services: '40',
    });
  });

  it('gives platform namespaces container defaults only, and workload namespaces the full LimitRange', () => {
    const limits = (ns: string) =>
      (
        find('agentic-prod-usw2', 'LimitRange', `${ns}-limits`, ns)!.spec as {
          limits: { type: string; max?: unknown }[];
        }
      ).limits;
    expect(limits('argocd')).toEqual([expect.not.objectContaining({ max: expect.anything() })]);
    expect(limits('data-layer').map((l) => l.type)).toEqual(['Container', 'PersistentVolumeClaim']);
    expect(limits('data-layer')[0]).toMatchObject({
      max: { cpu: '4', memory: '8Gi' },
      min: { cpu: '50m', memory: '64Mi' },
    });
  });

  it('gets stricter with the environment: egress default-deny only in strict mode (production and DR)', () => {
    expect(policiesIn('agentic-dev-usw2', 'model-gateway')).toEqual([
      'allow-cluster-ingress',
      'allow-prometheus-scrape',
      'default-deny-ingress',
    ]);
    expect(policiesIn('agentic-stg-usw2', 'model-gateway')).toEqual([
      'allow-prometheus-scrape',
      'allow-same-namespace-ingress',
      'default-deny-ingress',
    ]);
    for (const c of ['agentic-prod-usw2', 'agentic-dr-use1'])
      expect(policiesIn(c, 'model-gateway')).toEqual([
        'allow-apiserver-egress',
        'allow-dns-egress',
        'allow-prometheus-scrape',
        'allow-same-namespace-egress',
        'allow-same-namespace-ingress',
        'default-deny-egress',
        'default-deny-ingress',
      ]);
    expect(policiesIn('agentic-prod-usw2', 'infrastructure')).toEqual([]);
    const dns = find('agentic-prod-usw2', 'NetworkPolicy', 'allow-dns-egress', 'ui-layer')!.spec;
    expect(dns).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
    expect(
      find('agentic-dr-use1', 'NetworkPolicy', 'allow-apiserver-egress', 'ui-layer')!.spec,
    ).toMatchObject({
      egress: [{ to: [{ ipBlock: { cidr: '10.48.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    });
  });

  it('renders the per-namespace allowances', async () => {
    const ctx = contexts.find((c) => c.cluster.name === 'agentic-prod-usw2')!;
    const values = structuredClone(baselineLayers(ctx).defaults!.chart) as ChartValues;
    values.networkPolicy.mode = 'strict';
    values.namespaces['agent-pool-default']!.networkPolicy = {
      allowedIngressNamespaces: ['api-gateway'],
      allowedEgressNamespaces: ['data-layer', 'model-gateway'],
      allowedEgressCidrs: ['10.9.0.0/24'],
    };
    const r = await checkChart(CHART_DIR, [{ name: 'edge', values: values as Record<string, unknown> }]);
    expect(r.findings).toEqual([]);
    const pick = (name: string) =>
      (r.objects.get('edge') ?? [])
        .map((o) => o.manifest as unknown as Manifest & { spec: unknown })
        .find((m) => m.metadata.name === name && m.metadata.namespace === 'agent-pool-default')?.spec;
    expect(pick('allow-listed-ingress')).toMatchObject({
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ values: ['api-gateway'] }] } }] }],
    });
    expect(pick('allow-listed-egress')).toMatchObject({
      egress: [
        {
          to: [
            { namespaceSelector: { matchExpressions: [{ values: ['data-layer', 'model-gateway'] }] } },
            { ipBlock: { cidr: '10.9.0.0/24' } },
          ],
        },
      ],
    });
  });

  it('renders the hand-written edge scenarios clean (extra labels, own cost center, removed namespace)', async () => {
    const edges = readdirSync(join(CHART_DIR, 'ci')).filter((f) => /^edge-.*-values\.yaml$/.test(f));
    expect(edges.length).toBeGreaterThan(0);
    const r = await checkChart(
      CHART_DIR,
      edges.map((f) => ({
        name: f,
        values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')) as Record<string, unknown>,
      })),
    );
    expect(r.findings).toEqual([]);
    const rendered = (r.objects.get('edge-strict-allowances-values.yaml') ?? []).map(
      (o) => o.manifest as unknown as Manifest,
    );
    const untrusted = rendered.find(
      (m) => m.kind === 'Namespace' && m.metadata.name === 'agent-pool-untrusted',
    );
    expect(untrusted?.metadata.labels).toMatchObject({
      'cost-center': 'ai-research',
      team: 'research',
      tier: 'agent',
    });
    expect(rendered.some((m) => m.metadata.name === 'ui-layer' || m.metadata.namespace === 'ui-layer')).toBe(
      false,
    );
  });

  it('fails rendering with one aggregated message for rule violations (templates/validate.yaml)', async () => {
    const ctx = contexts[0]!;
    const values = structuredClone(baselineLayers(ctx).defaults!.chart) as ChartValues;
    values.namespaces['kube-public'] = { tier: 'system', layer: 'l00', podSecurity: 'privileged' };
    values.namespaces.shop = { tier: 'application', layer: 'l09', podSecurity: 'baseline' };
    values.storageClasses['hdd-archive']!.default = true;
    values.priorityClasses['system-critical'] = { value: 1000, globalDefault: false, description: 'x' };
    const r = await checkChart(CHART_DIR, [{ name: 'bad', values: values as Record<string, unknown> }]);
    expect(r.findings).toHaveLength(1);
    const message = (r.findings[0] as { message: string }).message;
    expect(message).toContain('platform-baseline values are invalid');
    expect(message).toContain('namespaces.kube-public: kube-* namespaces exist already');
    expect(message).toContain('namespaces.shop.podSecurity: tier application must enforce "restricted"');
    expect(message).toContain('storageClasses: exactly one class must have default: true, found 2');
    expect(message).toContain('priorityClasses.system-critical: the system- prefix is reserved');
  });
});

describe('charts/platform-baseline values.yaml', () => {
  const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');

  it('holds the same defaults as the builder (base namespaces only)', () => {
    const ctx = { ...contexts[0]!, enabledComponents: new Set<string>() };
    const built = baselineLayers(ctx).defaults!.chart as ChartValues;
    const file = parse(text) as ChartValues;
    expect({ ...file, apiServer: undefined }).toMatchObject({
      namespaces: built.namespaces,
      quotas: built.quotas,
      limitRange: built.limitRange,
      priorityClasses: built.priorityClasses,
      storageClasses: built.storageClasses,
      runtimeClasses: built.runtimeClasses,
    });
    expect(file.networkPolicy.scrape).toEqual(built.networkPolicy.scrape);
  });

  it('documents every top-level key and every key of the settings blocks with a "# --" comment', () => {
    const doc = parseDocument(text);
    const undocumented: string[] = [];
    const visit = (map: YAMLMap, prefix: string, depth: number) => {
      for (const [i, pair] of map.items.entries()) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        // The comment above a map's first key belongs to the map itself in the yaml AST.
        const comment =
          (isScalar(pair.key) ? pair.key.commentBefore : undefined) ??
          (i === 0 ? map.commentBefore : undefined) ??
          '';
        if (!comment.trimStart().startsWith('--') && !comment.includes('\n --'))
          undocumented.push(`${prefix}${key}`);
        const dataMaps = ['namespaces', 'priorityClasses', 'storageClasses', 'runtimeClasses', 'podSelector'];
        if (isMap(pair.value) && depth < 2 && !dataMaps.includes(key) && !prefix.startsWith('quotas.'))
          visit(pair.value, `${prefix}${key}.`, depth + 1);
      }
    };
    visit(doc.contents as YAMLMap, '', 0);
    expect(undocumented).toEqual([]);
  });
});
