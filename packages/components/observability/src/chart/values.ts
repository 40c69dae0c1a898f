import type { ClusterContext, LayeredValues, Values } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import {
  ALERTMANAGER_SECRET,
  DASHBOARD_LABEL,
  DASHBOARD_LABEL_VALUE,
  GRAFANA_ADMIN_SECRET,
  PROMETHEUS_REPLICA_LABEL,
  s3Endpoint,
  THANOS_COMPACT_NAME,
  THANOS_DISCOVERY_SERVICE,
  THANOS_IMAGE,
  THANOS_OBJSTORE_CONFIGMAP,
  THANOS_OBJSTORE_FILE,
  THANOS_QUERY_NAME,
  THANOS_STORE_NAME,
  thanosBucket,
} from '../constants.ts';
import { remoteBuckets } from '../thanos.ts';
import {
  STORAGE_CLASS,
  TEMPO_GRPC_PORT,
  TEMPO_HEADLESS_SERVICE,
  TEMPO_MEMBERLIST_PORT,
  TEMPO_POD_SELECTOR,
  tempoReplicas,
} from '../upstream/names.ts';
import { RECEIVER_SECRET_KEYS } from './alertmanager.ts';
import {
  ARGOCD_ALERTS,
  CIS_COMPLIANCE_ALERTS,
  INFRASTRUCTURE_ALERTS,
  INFRASTRUCTURE_EVENTS,
  KARPENTER_ALERTS,
  RUNBOOK_BASE_URL,
  SUPPLY_CHAIN_ALERTS,
} from './alerts.ts';
import type { ChartValues, MonitorValues, TempoChartValues, ThanosValues } from './schema.ts';

/** Every scrape runs every 30 s (docs/decisions.md#replicas). */
export const SCRAPE_INTERVAL = '30s';

/** Namespaces of the other components whose workloads we scrape (their packages' NAMESPACE). */
export const COMPONENT_NAMESPACES = {
  gatekeeper: 'gatekeeper-system',
  istio: 'istio-system',
} as const;

/**
 * The platform dashboards, one JSON file each in `charts/observability/dashboards/`.
 * The DR dashboard's uid is `dr-dashboard` (grafana.example.com/d/dr-dashboard).
 */
export const DASHBOARDS = [
  'cluster-overview',
  'network-traffic',
  'gpu-utilization',
  'cost-attribution',
  'secrets-certs',
  'scaling-events',
  'gatekeeper',
  'dr',
] as const;

/** Vault KV paths (in the vault-backend store, KV v2 mount `secret`) of the component's secrets. */
export function vaultKeys(ctx: Pick<ClusterContext, 'cluster' | 'environment'>) {
  return {
    /** Slack webhook and PagerDuty keys: one set per environment (its own channels and services). */
    alertmanager: `platform/observability/${ctx.environment.name}/alertmanager`,
    /** Grafana admin: one per cluster. */
    grafanaAdmin: `platform/observability/${ctx.environment.name}/${ctx.cluster.name}/grafana-admin`,
  };
}

const endpoint = (
  port: string,
  path: string,
  relabelings: MonitorValues['endpoints'][number]['relabelings'] = [],
) => ({
  port,
  path,
  interval: SCRAPE_INTERVAL,
  relabelings,
});

/**
 * ServiceMonitor `infrastructure-components`: every Service labelled
 * part-of infrastructure with a `metrics` port in the infrastructure namespaces. The Redis
 * cluster ships its own ServiceMonitor (charts/redis-cluster): excluded so it is not scraped twice.
 */
function infrastructureComponents(): MonitorValues {
  return {
    enabled: true,
    labels: { prometheus: 'main' },
    selector: {
      matchLabels: { 'app.kubernetes.io/part-of': 'infrastructure' },
      matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['redis'] }],
    },
    namespaces: ['infrastructure', 'kube-system', 'gatekeeper-system', 'cert-manager'],
    endpoints: [
      endpoint('metrics', '/metrics', [
        { sourceLabels: ['__meta_kubernetes_pod_label_app'], targetLabel: 'component' },
        { sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
      ]),
    ],
  };
}

/**
 * Monitors for components whose charts ship none: Gatekeeper (controller and audit pods expose
 * `metrics` on 8888) and Istio (istiod's `http-monitoring` Service port, the sidecars'
 * `http-envoy-prom` port). Each is on only where its component is enabled.
 */
function componentMonitors(ctx: ClusterContext) {
  const gatekeeper = ctx.enabledComponents.has('gatekeeper');
  const istio = ctx.enabledComponents.has('istio');
  const serviceMonitors: Record<string, MonitorValues> = {
    'infrastructure-components': infrastructureComponents(),
    istiod: {
      enabled: istio,
      labels: {},
      jobLabel: 'app',
      selector: { matchLabels: { app: 'istiod' }, matchExpressions: [] },
      namespaces: [COMPONENT_NAMESPACES.istio],
      endpoints: [endpoint('http-monitoring', '/metrics')],
    },
  };
  const podMonitors: Record<string, MonitorValues> = {
    gatekeeper: {
      enabled: gatekeeper,
      labels: {},
      selector: {
        matchLabels: {},
        matchExpressions: [
          { key: 'control-plane', operator: 'In', values: ['controller-manager', 'audit-controller'] },
        ],
      },
      namespaces: [COMPONENT_NAMESPACES.gatekeeper],
      endpoints: [endpoint('metrics', '/metrics')],
    },
    'envoy-stats': {
      enabled: istio,
      labels: {},
      selector: {
        matchLabels: {},
        matchExpressions: [{ key: 'security.istio.io/tlsMode', operator: 'Exists' }],
      },
      // sidecars run in every application namespace
      namespaces: [],
      endpoints: [
        endpoint('http-envoy-prom', '/stats/prometheus', [
          { sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy', action: 'keep' },
        ]),
      ],
    },
  };
  return { serviceMonitors, podMonitors };
}

/**
 * How long the Compactor keeps each resolution in the bucket (docs/decisions.md#thanos-history):
 * raw samples for 30 days, 5-minute blocks for 180 and 1-hour blocks for a year, so a year of
 * history stays at 1h. Thanos downsamples a block to 5m once it spans 40 hours and to 1h once it
 * spans 10 days, so raw must outlive 40h and 5m must outlive 10 days (the rule
 * `thanos-retention-downsampling`).
 */
export const THANOS_RETENTION = { raw: '30d', '5m': '180d', '1h': '365d' } as const;

/** Volumes of the Compactor (its work space: about 100 GB as the Thanos docs advise) and Store Gateway (index headers). */
export const THANOS_STORAGE = { compactor: '100Gi', storeGateway: '10Gi' } as const;

/**
 * Thanos (docs/decisions.md#prometheus-deduplication, #thanos-history): the sidecars' S3
 * configuration (the cluster's bucket, no keys), Thanos Query over the sidecars and the Store
 * Gateway, deduplicating by the replica label, and the Compactor of the bucket. Query and Store
 * Gateway run a pair where the environment runs HA pairs, one in development; a DR standby keeps
 * the pair. PDB only with two replicas and PDBs on. The Compactor is always one: a bucket takes a
 * single compactor. The buckets of the environment's other clusters come in the role layer
 * (`chartLayers`).
 */
export function thanosValues(ctx: ClusterContext): ThanosValues {
  const replicas = Math.min(2, ctx.environment.replicas);
  const podDisruptionBudget = { enabled: ctx.environment.pdb.enabled && replicas > 1, minAvailable: 1 };
  return {
    objectStorage: {
      configMapName: THANOS_OBJSTORE_CONFIGMAP,
      fileName: THANOS_OBJSTORE_FILE,
      bucket: thanosBucket(ctx.cluster.name),
      region: ctx.region.name,
      endpoint: s3Endpoint(ctx.region.name),
    },
    query: {
      enabled: true,
      name: THANOS_QUERY_NAME,
      image: { ...THANOS_IMAGE },
      replicas,
      podDisruptionBudget: { ...podDisruptionBudget },
      replicaLabels: [PROMETHEUS_REPLICA_LABEL],
      endpoints: [`dnssrv+_grpc._tcp.${THANOS_DISCOVERY_SERVICE}`],
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
    storeGateway: {
      enabled: true,
      name: THANOS_STORE_NAME,
      serviceAccountName: THANOS_STORE_NAME,
      image: { ...THANOS_IMAGE },
      replicas,
      podDisruptionBudget: { ...podDisruptionBudget },
      storage: { storageClassName: STORAGE_CLASS, size: THANOS_STORAGE.storeGateway },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
      remoteBuckets: {},
    },
    compactor: {
      enabled: true,
      name: THANOS_COMPACT_NAME,
      serviceAccountName: THANOS_COMPACT_NAME,
      image: { ...THANOS_IMAGE },
      retention: { ...THANOS_RETENTION },
      downsampling: true,
      storage: { storageClassName: STORAGE_CLASS, size: THANOS_STORAGE.compactor },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
    },
  };
}

/**
 * The global view (docs/decisions.md#thanos-global-view): on a primary, one Store Gateway per
 * other cluster of the environment, over that cluster's bucket. A role-layer value, so the
 * provenance of the GitOps tree says where it comes from.
 */
export function thanosRemoteBuckets(ctx: ClusterContext): ThanosValues['storeGateway']['remoteBuckets'] {
  return Object.fromEntries(
    remoteBuckets(ctx).map(({ cluster, bucket, region, endpoint }) => [
      cluster,
      { enabled: true, bucket, region, endpoint },
    ]),
  );
}

/**
 * The headless Service the tempo chart's StatefulSet names (memberlist and the queriers resolve
 * it) and the PDB the chart lacks: one replica down at a time, so two of the three copies of a
 * trace still take writes (docs/decisions.md#tempo-object-storage).
 */
export function tempoChartValues(ctx: ClusterContext): TempoChartValues {
  return {
    headlessService: {
      name: TEMPO_HEADLESS_SERVICE,
      selector: { ...TEMPO_POD_SELECTOR },
      memberlistPort: TEMPO_MEMBERLIST_PORT,
      grpcPort: TEMPO_GRPC_PORT,
    },
    podDisruptionBudget: {
      enabled: ctx.environment.pdb.enabled && tempoReplicas(ctx) > 1,
      maxUnavailable: 1,
    },
  };
}

function defaults(ctx: ClusterContext): ChartValues {
  const keys = vaultKeys(ctx);
  const data = (name: string, key: string) => ({ name, remoteRef: { key, property: name } });
  return {
    environment: ctx.environment.name,
    cluster: ctx.cluster.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    runbookBaseUrl: RUNBOOK_BASE_URL,
    ruleLabels: { prometheus: 'main', layer: 'l00' },
    prometheusRules: {
      'infrastructure-alerts': INFRASTRUCTURE_ALERTS,
      'infrastructure-events': INFRASTRUCTURE_EVENTS,
      'supply-chain-alerts': SUPPLY_CHAIN_ALERTS,
      'cis-compliance-alerts': CIS_COMPLIANCE_ALERTS,
      'karpenter-alerts': { ...KARPENTER_ALERTS, enabled: ctx.enabledComponents.has('karpenter') },
      // Only where an Argo CD runs (every cluster standalone, the hub of a hub fleet).
      'argocd-alerts': { ...ARGOCD_ALERTS, enabled: ctx.enabledComponents.has('argo-cd') },
    },
    ...componentMonitors(ctx),
    externalSecrets: {
      secretStore: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      refreshInterval: '1h',
      secrets: {
        [ALERTMANAGER_SECRET]: {
          enabled: true,
          data: Object.values(RECEIVER_SECRET_KEYS).map((k) => data(k, keys.alertmanager)),
        },
        [GRAFANA_ADMIN_SECRET]: {
          enabled: true,
          data: [data('admin-user', keys.grafanaAdmin), data('admin-password', keys.grafanaAdmin)],
        },
      },
    },
    dashboards: {
      label: DASHBOARD_LABEL,
      labelValue: DASHBOARD_LABEL_VALUE,
      items: Object.fromEntries(
        DASHBOARDS.map((d) => [d, { enabled: true, file: `dashboards/${d}.json`, folder: 'Infrastructure' }]),
      ),
    },
    thanos: thanosValues(ctx),
    tempo: tempoChartValues(ctx),
  };
}

/**
 * Values of our chart per layer. Defaults carry every rule; development relaxes nothing
 * but the GPU alert, which pages nobody there (development shares GPUs by time-slicing and runs
 * them idle on purpose): it drops to low. A DR standby runs no workloads until it is activated, so
 * its GPU-idle alert is off (it would only describe the standby being idle).
 */
export function chartLayers(ctx: ClusterContext): LayeredValues {
  const layers: LayeredValues = { defaults: { chart: defaults(ctx) as unknown as Values } };
  if (ctx.environment.name === 'development') {
    layers.environment = {
      chart: {
        prometheusRules: {
          'infrastructure-alerts': {
            groups: { 'infrastructure.high': { alerts: { GPUUtilizationLow: { severity: 'low' } } } },
          },
        },
      },
    };
  }
  if (ctx.environment.name === 'production') {
    // No self-heal in production: drift stays live until someone acts.
    layers.environment = {
      chart: {
        prometheusRules: {
          'argocd-alerts': {
            groups: { argocd: { alerts: { ArgoCDApplicationOutOfSync: { severity: 'high' } } } },
          },
        },
      },
    };
  }
  const role: Record<string, unknown> = {};
  const remote = thanosRemoteBuckets(ctx);
  if (Object.keys(remote).length > 0) role.thanos = { storeGateway: { remoteBuckets: remote } };
  if (isScaledDownStandby(ctx.cluster)) {
    role.prometheusRules = {
      'infrastructure-alerts': {
        groups: { 'infrastructure.high': { alerts: { GPUUtilizationLow: { enabled: false } } } },
      },
    };
  }
  if (Object.keys(role).length > 0) layers.role = { chart: role as Values };
  return layers;
}
