import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  allRuleGroups,
  promtoolCheckRules,
  type RenderedObject,
  renderChart,
  ruleGroupsFromObjects,
} from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_DIR,
  CLUSTERS,
  type ComputedObservability,
  loadDefaultFleet,
  objectOf,
  RELEASE,
  renderFleet,
} from './__fixtures__/chart-fleet.ts';
import {
  ALERTMANAGER_SECRET,
  DASHBOARD_LABEL,
  DASHBOARD_LABEL_VALUE,
  GRAFANA_ADMIN_SECRET,
  NAMESPACE,
} from './constants.ts';
import { DASHBOARDS, RECEIVER_SECRET_KEYS } from './index.ts';

type Manifest = Record<string, any>;
let rendered: Map<string, RenderedObject[]>;
let computed: Map<string, ComputedObservability>;

beforeAll(async () => {
  const result = await renderFleet(await loadDefaultFleet());
  expect(result.findings).toEqual([]);
  rendered = result.objects;
  computed = result.byCluster;
}, 120_000);

const objects = (cluster: string) => (rendered.get(cluster) ?? []).map((o) => o.manifest as Manifest);
const kinds = (cluster: string) =>
  objects(cluster)
    .map((o) => `${o.kind}/${o.metadata.name}`)
    .sort();

describe('charts/observability rendered with the real helm for every cluster of the fleet', () => {
  it('renders for all four clusters and passes the harness (strict schemas, labels, no Secrets)', () => {
    expect([...rendered.keys()].sort()).toEqual([...CLUSTERS].sort());
    for (const cluster of CLUSTERS) {
      expect(objects(cluster).filter((o) => o.kind === 'Secret')).toEqual([]);
      for (const o of objects(cluster)) {
        expect(o.metadata.namespace).toBe(NAMESPACE);
        expect(o.metadata.labels).toMatchObject({
          'cost-center': expect.any(String),
          layer: 'l00',
          environment: expect.any(String),
        });
      }
    }
  });

  it('renders every rule, monitor, secrets and dashboards; Istio monitors only where Istio runs', () => {
    const common = [
      'ExternalSecret/alertmanager-receivers',
      'ExternalSecret/grafana-admin',
      'PodMonitor/gatekeeper',
      'PrometheusRule/argocd-alerts',
      'PrometheusRule/cis-compliance-alerts',
      'PrometheusRule/infrastructure-alerts',
      'PrometheusRule/infrastructure-events',
      'PrometheusRule/karpenter-alerts',
      'PrometheusRule/supply-chain-alerts',
      'ServiceMonitor/infrastructure-components',
      ...DASHBOARDS.map((d) => `ConfigMap/dashboard-${d}`),
      'ConfigMap/thanos-objstore',
      'Deployment/thanos-query',
      'Service/thanos-query',
      'ServiceAccount/thanos-store',
      'Service/thanos-store',
      'StatefulSet/thanos-store',
      'ServiceAccount/thanos-compact',
      'Service/thanos-compact',
      'StatefulSet/thanos-compact',
      'Service/tempo-headless',
    ];
    expect(kinds('agentic-dev-usw2')).toEqual([...common].sort());
    expect(kinds('agentic-prod-usw2')).toEqual(
      [
        ...common,
        'PodMonitor/envoy-stats',
        'ServiceMonitor/istiod',
        'PodDisruptionBudget/thanos-query',
        'PodDisruptionBudget/thanos-store',
        'PodDisruptionBudget/tempo',
        // the global view: the DR cluster's bucket (docs/decisions.md#thanos-global-view)
        'ConfigMap/thanos-objstore-agentic-dr-use1',
        'Service/thanos-store-agentic-dr-use1',
        'StatefulSet/thanos-store-agentic-dr-use1',
        'PodDisruptionBudget/thanos-store-agentic-dr-use1',
      ].sort(),
    );
  });

  it('labels PrometheusRules prometheus: main and layer: l00, and every alert with severity, layer, error_code and a runbook', () => {
    const rule = objectOf(rendered.get('agentic-prod-usw2')!, 'PrometheusRule', 'infrastructure-alerts');
    expect(rule.metadata.labels).toMatchObject({ prometheus: 'main', layer: 'l00' });
    const alerts = rule.spec.groups.flatMap((g: Manifest) => g.rules);
    expect(alerts).toHaveLength(9);
    for (const a of alerts) {
      expect(a.labels).toEqual({
        severity: expect.stringMatching(/^(critical|high|medium)$/),
        layer: 'l00',
        error_code: expect.stringMatching(/^E0\d{3}$/),
      });
      expect(a.annotations.runbook_url).toBe(
        `https://runbooks.example.com/${a.labels.error_code}-${a.annotations.runbook_url.split(`${a.labels.error_code}-`)[1]}`,
      );
    }
    const byName = Object.fromEntries(alerts.map((a: Manifest) => [a.alert, a]));
    expect(byName.ControlPlaneComponentDown).toMatchObject({
      expr: 'up{job=~"kube-apiserver|kube-controller-manager|kube-scheduler"} == 0',
      for: '5m',
      labels: { severity: 'critical', error_code: 'E0003' },
      annotations: { runbook_url: 'https://runbooks.example.com/E0003-control-plane' },
    });
    expect(byName.CertificateExpiringSoon.annotations.runbook_url).toBe(
      'https://runbooks.example.com/E0401-cert-expiring',
    );
  });

  it('uses the kube-state-metrics v2 HPA metric in the infra.events recording rules', () => {
    const events = objectOf(rendered.get('agentic-dev-usw2')!, 'PrometheusRule', 'infrastructure-events');
    expect(events.spec.groups[0].rules).toEqual([
      {
        record: 'infra_nodes_provisioned_total',
        expr: 'count(kube_node_created_timestamp_seconds) by (node)',
      },
      {
        record: 'infra_scaling_events_total',
        expr: 'sum(increase(kube_horizontalpodautoscaler_status_current_replicas[5m])) by (namespace, horizontalpodautoscaler)',
      },
    ]);
  });

  it('maps the `warning` of CISComplianceDrift to medium, and turns the GPU-idle alert down in development and off on the DR standby', () => {
    const severityOf = (cluster: string, name: string) =>
      objects(cluster)
        .filter((o) => o.kind === 'PrometheusRule')
        .flatMap((o) => o.spec.groups.flatMap((g: Manifest) => g.rules))
        .find((r: Manifest) => r.alert === name)?.labels.severity;
    expect(severityOf('agentic-prod-usw2', 'CISComplianceDrift')).toBe('medium');
    expect(severityOf('agentic-prod-usw2', 'GPUUtilizationLow')).toBe('high');
    expect(severityOf('agentic-dev-usw2', 'GPUUtilizationLow')).toBe('low');
    expect(severityOf('agentic-dr-use1', 'GPUUtilizationLow')).toBeUndefined();
    for (const cluster of CLUSTERS)
      for (const o of objects(cluster).filter((x) => x.kind === 'PrometheusRule'))
        for (const r of o.spec.groups.flatMap((g: Manifest) => g.rules).filter((x: Manifest) => x.alert))
          expect(['critical', 'high', 'medium', 'low']).toContain(r.labels.severity);
  });

  it('scrapes the infrastructure components (part-of infrastructure, port metrics, 30s, relabelings)', () => {
    const sm = objectOf(rendered.get('agentic-stg-usw2')!, 'ServiceMonitor', 'infrastructure-components');
    expect(sm.metadata.labels.prometheus).toBe('main');
    expect(sm.spec).toEqual({
      selector: {
        matchLabels: { 'app.kubernetes.io/part-of': 'infrastructure' },
        matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['redis'] }],
      },
      namespaceSelector: {
        matchNames: ['infrastructure', 'kube-system', 'gatekeeper-system', 'cert-manager'],
      },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: '30s',
          relabelings: [
            { sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'component' },
            { sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
          ],
        },
      ],
    });
    const envoy = objectOf(rendered.get('agentic-prod-usw2')!, 'PodMonitor', 'envoy-stats');
    expect(envoy.spec.namespaceSelector).toEqual({ any: true });
    expect(envoy.spec.podMetricsEndpoints[0]).toMatchObject({
      port: 'http-envoy-prom',
      path: '/stats/prometheus',
    });
  });

  it('creates the receivers and Grafana admin Secrets only through vault-backend ExternalSecrets, per environment and cluster', () => {
    for (const cluster of CLUSTERS) {
      const env = computed.get(cluster)!.context.environment.name;
      const am = objectOf(rendered.get(cluster)!, 'ExternalSecret', ALERTMANAGER_SECRET);
      expect(am.apiVersion).toBe('external-secrets.io/v1');
      expect(am.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault-backend' });
      expect(am.spec.target).toMatchObject({ name: ALERTMANAGER_SECRET, creationPolicy: 'Owner' });
      expect(am.spec.data).toEqual(
        Object.values(RECEIVER_SECRET_KEYS).map((k) => ({
          secretKey: k,
          remoteRef: { key: `platform/observability/${env}/alertmanager`, property: k },
        })),
      );
      const grafana = objectOf(rendered.get(cluster)!, 'ExternalSecret', GRAFANA_ADMIN_SECRET);
      expect(grafana.spec.data.map((d: Manifest) => [d.secretKey, d.remoteRef.key])).toEqual([
        ['admin-user', `platform/observability/${env}/${cluster}/grafana-admin`],
        ['admin-password', `platform/observability/${env}/${cluster}/grafana-admin`],
      ]);
    }
  });
});

describe('dashboards', () => {
  const dashboards = () =>
    objects('agentic-prod-usw2')
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[DASHBOARD_LABEL] === DASHBOARD_LABEL_VALUE)
      .map((cm) => {
        const [file, text] = Object.entries(cm.data as Record<string, string>)[0]!;
        return { cm, file, json: JSON.parse(text) as Manifest };
      });

  it('ships the eight platform dashboards as ConfigMaps the Grafana sidecar picks up', () => {
    const all = dashboards();
    expect(all.map((d) => d.json.title).sort()).toEqual(
      [
        'Cluster Overview',
        'Cost Attribution',
        'DR',
        'Gatekeeper',
        'GPU Utilization',
        'Network Traffic',
        'Scaling Events',
        'Secrets & Certs',
      ].sort(),
    );
    for (const { cm, file } of all) {
      expect(cm.metadata.labels[DASHBOARD_LABEL]).toBe(DASHBOARD_LABEL_VALUE);
      expect(cm.metadata.annotations.grafana_folder).toBe('Infrastructure');
      expect(file).toMatch(/^[a-z-]+\.json$/);
    }
  });

  it('parses every dashboard, with unique uids (the DR one at /d/dr-dashboard) and a PromQL target on every panel', () => {
    const all = dashboards();
    const uids = all.map((d) => d.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids).toContain('dr-dashboard');
    for (const { json } of all) {
      expect(json.panels.length).toBeGreaterThanOrEqual(4);
      for (const p of json.panels) {
        expect(p.datasource).toEqual({ type: 'prometheus', uid: `\${datasource}` });
        expect(p.targets.length).toBeGreaterThan(0);
        for (const t of p.targets) expect(t.expr).toMatch(/[a-zA-Z_:]+/);
      }
      const ids = json.panels.map((p: Manifest) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // the MIG allocation panel of the GPU dashboard
    const gpu = all.find((d) => d.json.uid === 'gpu-utilization')!.json;
    expect(JSON.stringify(gpu.panels)).toContain('GPU_I_PROFILE');
    expect(JSON.stringify(gpu.panels)).toContain('nvidia_com_(gpu|mig_.*)');
  });
});

describe('the hand-written edge scenario (ci/edge-minimal-overrides-values.yaml over the chart defaults)', () => {
  it('renders tuned, disabled and custom alerts that promtool accepts, and leaves out what is switched off', async () => {
    const values = parse(readFileSync(join(CHART_DIR, 'ci', 'edge-minimal-overrides-values.yaml'), 'utf8'));
    const objs = await renderChart(CHART_DIR, { name: 'edge', values, ...RELEASE });
    const rule = objectOf(objs, 'PrometheusRule', 'infrastructure-alerts');
    const alerts = Object.fromEntries(
      rule.spec.groups.flatMap((g: Manifest) => g.rules).map((r: Manifest) => [r.alert, r]),
    );
    expect(alerts.GatekeeperViolations).toBeUndefined();
    expect(alerts.NodeMemoryPressure).toMatchObject({
      for: '30m',
      labels: { severity: 'low', error_code: 'E0004' },
    });
    expect(alerts.EdgeTargetDown.labels).toEqual({
      severity: 'critical',
      layer: 'l00',
      error_code: 'E0501',
      team: 'edge',
    });
    const names = objs.map((o) => `${o.manifest.kind}/${(o.manifest.metadata as Manifest).name}`);
    for (const gone of [
      'PrometheusRule/karpenter-alerts',
      'PodMonitor/gatekeeper',
      'ExternalSecret/grafana-admin',
      'ConfigMap/dashboard-gatekeeper',
    ])
      expect(names).not.toContain(gone);
    await expect(promtoolCheckRules(allRuleGroups(ruleGroupsFromObjects(objs)))).resolves.toMatchObject({
      output: expect.stringContaining('SUCCESS'),
    });
  });
});
