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
  });

  it('labels kube-system privileged on purpose, server-side and never pruned or deleted, with nothing else in it', () => {
    for (const c of CLUSTERS) {
      const ns = find(c, 'Namespace', 'kube-system') as Manifest & {
        metadata: { annotations?: Record<string, string> };
      };
      expect(ns.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        tier: 'system',
        layer: 'l00',
      });
      const options = (ns.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',');
      expect(options.sort()).toEqual(['Delete=false', 'Prune=false', 'ServerSideApply=true']);
      // only labels: no spec, no finalizers that would fight the API server's own
      expect(Object.keys(ns).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
      // no quota, limit range, NetworkPolicy or binding lands in kube-system
      expect(manifests(c).filter((m) => m.metadata.namespace === 'kube-system')).toEqual([]);
    }
  });

  it('creates agent-pool-untrusted and agent-pool-tasks exactly like the other agent pools', () => {
    for (const c of CLUSTERS) {
      const shape = (pool: string) => {
        const objs = manifests(c).filter((m) => m.metadata.namespace === pool || m.metadata.name === pool);
        const ns = objs.find((m) => m.kind === 'Namespace');
        return {
          labels: ns?.metadata.labels,
          objects: objs
            .filter((m) => m.kind !== 'Namespace')
            .map((m) => `${m.kind}/${m.metadata.name.replace(pool, '<pool>')}`)
            .sort(),
          quota: (find(c, 'ResourceQuota', `${pool}-quota`, pool)?.spec as { hard?: unknown } | undefined)
            ?.hard,
        };
      };
      const reference = shape('agent-pool-default');
      expect(reference.labels).toMatchObject({
        tier: 'agent',
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(reference.objects).toContain('NetworkPolicy/default-deny-ingress');
      for (const pool of ['agent-pool-untrusted', 'agent-pool-tasks']) expect(shape(pool)).toEqual(reference);
    }
  });

  it('binds the layer roles per namespace to <prefix>:<namespace>:<role> groups, never cluster-wide', () => {
    type Binding = Manifest & {
      subjects: { kind: string; name: string; namespace?: string }[];
      roleRef: { kind: string; name: string };
    };
    const bindings = (c: string, ns: string) =>
      manifests(c)
        .filter((m) => m.kind === 'RoleBinding' && m.metadata.namespace === ns)
        .map((m) => m as Binding)
        .map(
          (b) =>
            `${b.roleRef.kind}/${b.roleRef.name} <- ${b.subjects.map((s) => `${s.kind}/${s.name}`).join(',')}`,
        )
        .sort();
    expect(bindings('agentic-prod-usw2', 'data-layer')).toEqual([
      'ClusterRole/layer-admin <- Group/platform:data-layer:layer-admin',
      'ClusterRole/layer-developer <- Group/platform:data-layer:layer-developer',
      'ClusterRole/layer-reader <- Group/platform:data-layer:layer-reader',
      'ClusterRole/layer-reader <- ServiceAccount/data-layer-service',
    ]);
    expect(bindings('agentic-prod-usw2', 'agent-pool-untrusted')).toEqual([
      'ClusterRole/agent-pool-operator <- Group/platform:agent-pool-untrusted:agent-pool-operator',
      'ClusterRole/layer-admin <- Group/platform:agent-pool-untrusted:layer-admin',
      'ClusterRole/layer-developer <- Group/platform:agent-pool-untrusted:layer-developer',
      'ClusterRole/layer-reader <- Group/platform:agent-pool-untrusted:layer-reader',
      'ClusterRole/layer-reader <- ServiceAccount/agent-pool-untrusted-service',
    ]);
    expect(bindings('agentic-prod-usw2', 'infrastructure')).toEqual([
      'ClusterRole/infra-admin <- Group/platform:infrastructure:infra-admin',
    ]);
    expect(bindings('agentic-prod-usw2', 'argocd')).toEqual([]);
    for (const c of CLUSTERS) {
      const kinds = manifests(c).map((m) => m.kind);
      expect(kinds).not.toContain('ClusterRoleBinding');
      expect(kinds).not.toContain('Role');
      const roleNames = manifests(c)
        .filter((m) => m.kind === 'ClusterRole')
        .map((m) => m.metadata.name)
        .sort();
      expect(roleNames).toEqual([
        'agent-pool-operator',
        'infra-admin',
        'layer-admin',
        'layer-developer',
        'layer-reader',
      ]);
      const refs = manifests(c)
        .filter((m) => m.kind === 'RoleBinding')
        .map((m) => (m as Binding).roleRef.name);
      expect(refs.filter((r) => !roleNames.includes(r))).toEqual([]);
    }
  });

  it('grants named verbs only in every rendered ClusterRole: no wildcard, no escalation, Secrets read-only', () => {
    type Role = Manifest & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    const roles = manifests('agentic-prod-usw2')
      .filter((m) => m.kind === 'ClusterRole')
      .map((m) => m as Role);
    const rules = roles.flatMap((r) => r.rules.map((x) => ({ role: r.metadata.name, ...x })));
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => [...r.verbs, ...r.resources, ...r.apiGroups].includes('*'))).toEqual([]);
    expect(rules.filter((r) => r.verbs.some((v) => ['escalate', 'bind', 'impersonate'].includes(v)))).toEqual(
      [],
    );
    expect(rules.filter((r) => r.apiGroups.includes('rbac.authorization.k8s.io'))).toEqual([]);
    const secretVerbs = (role: string) =>
      [
        ...new Set(
          rules.filter((r) => r.role === role && r.resources.includes('secrets')).flatMap((r) => r.verbs),
        ),
      ].sort();
    expect(secretVerbs('layer-reader')).toEqual([]);
    expect(secretVerbs('layer-developer')).toEqual(['get', 'list', 'watch']);
    expect(secretVerbs('layer-admin')).toEqual(['get', 'list', 'watch']);
    const can = (role: string, resource: string, verb: string) =>
      rules.some((r) => r.role === role && r.resources.includes(resource) && r.verbs.includes(verb));
    expect([
      can('layer-developer', 'pods/exec', 'create'),
      can('layer-reader', 'pods/exec', 'create'),
    ]).toEqual([true, false]);
    expect([
      can('layer-admin', 'daemonsets', 'create'),
      can('layer-developer', 'daemonsets', 'create'),
    ]).toEqual([true, false]);
    expect(can('agent-pool-operator', 'jobs', 'create')).toBe(true);
  });

  it('gives every application and agent namespace a <namespace>-service ServiceAccount without a mounted token', () => {
    const accounts = manifests('agentic-prod-usw2')
      .filter((m) => m.kind === 'ServiceAccount')
      .map((m) => m as Manifest & { automountServiceAccountToken?: boolean });
    const workloadNamespaces = manifests('agentic-prod-usw2')
      .filter(
        (m) => m.kind === 'Namespace' && ['application', 'agent'].includes(m.metadata.labels?.tier ?? ''),
      )
      .map((m) => m.metadata.name)
      .sort();
    expect(workloadNamespaces).toContain('agent-pool-tasks');
    expect(accounts.map((a) => `${a.metadata.namespace}/${a.metadata.name}`).sort()).toEqual(
      workloadNamespaces.map((ns) => `${ns}/${ns}-service`),
    );
    expect(accounts.every((a) => a.automountServiceAccountToken === false)).toBe(true);
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
        const dataMaps = [
          'namespaces',
          'clusterRoles',
          'namespaceRoles',
          'priorityClasses',
          'storageClasses',
          'runtimeClasses',
          'podSelector',
        ];
        if (isMap(pair.value) && depth < 2 && !dataMaps.includes(key) && !prefix.startsWith('quotas.'))
          visit(pair.value, `${prefix}${key}.`, depth + 1);
      }
    };
    visit(doc.contents as YAMLMap, '', 0);
    expect(undocumented).toEqual([]);
  });
});
