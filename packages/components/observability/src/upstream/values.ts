import type { ClusterContext, LayeredValues } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import { alertmanagerConfig } from '../chart/index.ts';
import {
  ALERTMANAGER_SECRET,
  DASHBOARD_LABEL,
  DASHBOARD_LABEL_VALUE,
  GRAFANA_ADMIN_SECRET,
  KSM_NAMESPACE_LABELS,
  THANOS_OBJSTORE_CONFIGMAP,
  THANOS_OBJSTORE_DIR,
  THANOS_OBJSTORE_FILE,
  THANOS_QUERY_URL,
} from '../constants.ts';
import {
  GRAFANA_FULLNAME,
  KPS,
  KPS_FULLNAME,
  KSM_FULLNAME,
  LOKI,
  LOKI_FULLNAME,
  LOKI_URL,
  OTEL_AGENT,
  OTEL_GATEWAY,
  STORAGE_CLASS,
  TEMPO,
  TEMPO_FRONTEND_ADDRESS,
  TEMPO_FULLNAME,
  TEMPO_MEMBERLIST_JOIN,
  TEMPO_POD_SELECTOR,
  TEMPO_REPLICATION_FACTOR,
  TEMPO_URL,
  tempoReplicas,
} from './names.ts';
import { otelAgent, otelGatewayBase, otelGatewaySampling } from './otel.ts';
import type { KubePrometheusStackValues, LokiValues, TempoValues } from './schema.ts';

/** Resource requests and limits of every workload (sized for the production load; docs/decisions.md#replicas). */
export const RESOURCES = {
  prometheus: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '8Gi' } },
  alertmanager: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  operator: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  configReloader: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
  grafana: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
  grafanaSidecar: { requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  kubeStateMetrics: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
  nodeExporter: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  loki: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
  lokiSidecar: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  tempo: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
  thanosSidecar: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
} as const;

/** Volume sizes (Prometheus storage default 100 GB, at least 50). */
export const STORAGE = {
  prometheus: '100Gi',
  alertmanager: '10Gi',
  grafana: '10Gi',
  /** WAL, index cache and compactor: the chunks are in S3. */
  loki: '20Gi',
  tempo: '50Gi',
} as const;

/** The cost labels of every object (Gatekeeper require-cost-labels). */
export function costLabelsOf(ctx: ClusterContext) {
  return {
    'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering',
    layer: 'l00',
    environment: ctx.environment.name,
  };
}

/** Every scrape runs every 30 s (docs/decisions.md#replicas). */
export const SCRAPE_INTERVAL = '30s';

/** Replicas of the HA workloads. */
export interface Scale {
  prometheus: number;
  alertmanager: number;
  grafana: number;
  loki: number;
  gateway: number;
}

/** The environment profile's replica count for every HA workload. */
export function primaryScale(ctx: ClusterContext): Scale {
  const n = ctx.environment.replicas;
  // One Grafana: its state is SQLite on a ReadWriteOnce volume, which replicas cannot share
  // (docs/decisions.md#grafana-single-replica).
  return { prometheus: n, alertmanager: n, grafana: 1, loki: n, gateway: n };
}

/**
 * The DR standby (role `dr`, docs/decisions.md#disaster-recovery): a pair of everything that keeps data or receives
 * telemetry (so PDBs still let nodes drain), one Grafana; never more than the profile.
 */
export function drScale(ctx: ClusterContext): Scale {
  const cap = (n: number) => Math.min(n, ctx.environment.replicas);
  return { prometheus: cap(2), alertmanager: cap(2), grafana: 1, loki: cap(2), gateway: cap(2) };
}

const claim = (storage: string) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: STORAGE_CLASS,
      accessModes: ['ReadWriteOnce' as const],
      resources: { requests: { storage } },
    },
  },
});

/** Values that follow from the replica counts: replicas, PDBs, Loki's replication factor. */
function scaled(ctx: ClusterContext, s: Scale) {
  // A PDB with minAvailable 1 needs a second replica, or it blocks every node drain.
  const pdb = (replicas: number) => ({
    enabled: ctx.environment.pdb.enabled && replicas > 1,
    minAvailable: 1,
  });
  return {
    [KPS]: {
      prometheus: { podDisruptionBudget: pdb(s.prometheus), prometheusSpec: { replicas: s.prometheus } },
      alertmanager: {
        podDisruptionBudget: pdb(s.alertmanager),
        alertmanagerSpec: { replicas: s.alertmanager },
      },
      // null removes the key: the grafana chart renders a PDB whenever the map is not empty
      grafana: {
        replicas: s.grafana,
        podDisruptionBudget: { minAvailable: pdb(s.grafana).enabled ? 1 : null },
      },
    },
    [LOKI]: {
      loki: { commonConfig: { replication_factor: s.loki >= 3 ? 3 : 1 } },
      singleBinary: { replicas: s.loki, podDisruptionBudget: pdb(s.loki) },
    },
    [OTEL_GATEWAY]: { replicaCount: s.gateway, podDisruptionBudget: pdb(s.gateway) },
  };
}

function kubePrometheusStack(ctx: ClusterContext): KubePrometheusStackValues {
  const off = { enabled: false, minAvailable: 1 };
  const labels = costLabelsOf(ctx);
  return {
    fullnameOverride: KPS_FULLNAME,
    // The CRDs come from the prometheus-operator-crds component, in the first install wave.
    crds: { enabled: false },
    commonLabels: labels,
    kubeEtcd: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeProxy: { enabled: false },
    prometheusOperator: {
      resources: RESOURCES.operator,
      prometheusConfigReloader: { resources: RESOURCES.configReloader },
    },
    prometheus: {
      podDisruptionBudget: off,
      // the sidecars' discovery Service, which Thanos Query resolves (docs/decisions.md#prometheus-deduplication)
      thanosService: { enabled: true },
      prometheusSpec: {
        replicas: 1,
        retention: '15d',
        scrapeInterval: SCRAPE_INTERVAL,
        evaluationInterval: SCRAPE_INTERVAL,
        enableRemoteWriteReceiver: true,
        externalLabels: { cluster: ctx.cluster.name, environment: ctx.environment.name },
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        resources: RESOURCES.prometheus,
        storageSpec: claim(STORAGE.prometheus),
        // Thanos sidecar: blocks to the cluster's S3 bucket with the `thanos` Pod Identity role of
        // the Prometheus service account; the configuration file holds no credentials.
        thanos: {
          objectStorageConfigFile: `${THANOS_OBJSTORE_DIR}/${THANOS_OBJSTORE_FILE}`,
          volumeMounts: [{ name: THANOS_OBJSTORE_CONFIGMAP, mountPath: THANOS_OBJSTORE_DIR, readOnly: true }],
          resources: RESOURCES.thanosSidecar,
        },
        volumes: [{ name: THANOS_OBJSTORE_CONFIGMAP, configMap: { name: THANOS_OBJSTORE_CONFIGMAP } }],
      },
    },
    alertmanager: {
      podDisruptionBudget: off,
      config: alertmanagerConfig(ctx),
      alertmanagerSpec: {
        replicas: 1,
        secrets: [ALERTMANAGER_SECRET],
        resources: RESOURCES.alertmanager,
        storage: claim(STORAGE.alertmanager),
      },
    },
    grafana: {
      fullnameOverride: GRAFANA_FULLNAME,
      extraLabels: labels,
      replicas: 1,
      podDisruptionBudget: {},
      resources: RESOURCES.grafana,
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
      persistence: {
        enabled: true,
        type: 'statefulset',
        storageClassName: STORAGE_CLASS,
        size: STORAGE.grafana,
      },
      sidecar: {
        resources: RESOURCES.grafanaSidecar,
        // the default datasource queries Thanos Query: replicas deduplicated, no gaps after a restart
        datasources: { url: THANOS_QUERY_URL },
        dashboards: {
          enabled: true,
          label: DASHBOARD_LABEL,
          labelValue: DASHBOARD_LABEL_VALUE,
          searchNamespace: 'ALL',
        },
      },
      additionalDataSources: [
        { name: 'Loki', type: 'loki', uid: 'loki', url: LOKI_URL, access: 'proxy' },
        { name: 'Tempo', type: 'tempo', uid: 'tempo', url: TEMPO_URL, access: 'proxy' },
      ],
    },
    'kube-state-metrics': {
      fullnameOverride: KSM_FULLNAME,
      customLabels: labels,
      metricLabelsAllowlist: [`namespaces=[${KSM_NAMESPACE_LABELS.join(',')}]`],
      resources: RESOURCES.kubeStateMetrics,
    },
    'prometheus-node-exporter': { commonLabels: labels, resources: RESOURCES.nodeExporter },
  };
}

function loki(ctx: ClusterContext): LokiValues {
  const bucket = (what: string) => `${ctx.cluster.name}-loki-${what}`;
  return {
    fullnameOverride: LOKI_FULLNAME,
    deploymentMode: 'Monolithic',
    commonLabels: costLabelsOf(ctx),
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: {
        type: 's3',
        bucketNames: { chunks: bucket('chunks'), ruler: bucket('ruler') },
        s3: { region: ctx.region.name },
      },
      schemaConfig: {
        configs: [
          {
            from: '2024-04-01',
            store: 'tsdb',
            object_store: 's3',
            schema: 'v13',
            index: { prefix: 'loki_index_', period: '24h' },
          },
        ],
      },
      limits_config: { retention_period: '720h', allow_structured_metadata: true },
      compactor: { retention_enabled: true, delete_request_store: 's3' },
    },
    singleBinary: {
      replicas: 1,
      resources: RESOURCES.loki,
      persistence: { enabled: true, size: STORAGE.loki, storageClass: STORAGE_CLASS },
      podDisruptionBudget: { enabled: false, minAvailable: 1 },
    },
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    gateway: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    sidecar: { resources: RESOURCES.lokiSidecar },
  };
}

function tempo(ctx: ClusterContext): TempoValues {
  return {
    fullnameOverride: TEMPO_FULLNAME,
    global: { commonLabels: costLabelsOf(ctx) },
    podLabels: costLabelsOf(ctx),
    replicas: 1,
    tempo: {
      retention: '168h',
      reportingEnabled: false,
      resources: RESOURCES.tempo,
      // Blocks on the cluster's bucket through EKS Pod Identity (service account tempo); the volume
      // keeps only the WAL (docs/decisions.md#tempo-object-storage).
      storage: {
        trace: {
          backend: 's3',
          s3: {
            bucket: `${ctx.cluster.name}-tempo-traces`,
            endpoint: `s3.${ctx.region.name}.amazonaws.com`,
            region: ctx.region.name,
          },
          local: null,
          wal: { path: '/var/tempo/wal' },
        },
      },
    },
    persistence: { enabled: true, storageClassName: STORAGE_CLASS, size: STORAGE.tempo },
  };
}

/**
 * Tempo's scalable monolithic mode (docs/decisions.md#tempo-object-storage): every replica runs
 * `-target=scalable-single-binary`, joins the others' memberlist through the headless Service of
 * our chart, writes each trace to three ingesters of the ring, and its querier works for every
 * query-frontend the Service resolves to. One replica stays the plain monolith (`-target=all`).
 */
function tempoEnvironment(ctx: ClusterContext) {
  const replicas = tempoReplicas(ctx);
  const retention = `${ctx.environment.retention.tracesDays * 24}h`;
  if (replicas < 2) return { replicas, tempo: { retention } };
  const term = (topologyKey: string) => ({
    topologyKey,
    labelSelector: { matchLabels: { ...TEMPO_POD_SELECTOR } },
  });
  return {
    replicas,
    tempo: {
      retention,
      extraArgs: { target: 'scalable-single-binary', 'memberlist.join': TEMPO_MEMBERLIST_JOIN },
      ingester: {
        lifecycler: {
          ring: { kvstore: { store: 'memberlist' }, replication_factor: TEMPO_REPLICATION_FACTOR },
        },
      },
      querier: { frontend_worker: { frontend_address: TEMPO_FRONTEND_ADDRESS } },
    },
    // One replica per node (a node lost takes one copy of a trace), spread over the zones.
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term('kubernetes.io/hostname')],
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: term('topology.kubernetes.io/zone') },
        ],
      },
    },
  };
}

/**
 * Values of the upstream charts per layer. Defaults: names, selectors, resources, storage and the
 * cluster's identity; environment: retention, replicas, PDBs and trace sampling from the profile;
 * region: the S3 region and the `region` external label; role: the DR standby scaled down.
 */
export function upstreamLayers(ctx: ClusterContext): LayeredValues {
  const env = ctx.environment;
  const primary = scaled(ctx, primaryScale(ctx));
  const layers: LayeredValues = {
    defaults: {
      [KPS]: kubePrometheusStack(ctx),
      [LOKI]: loki(ctx),
      [TEMPO]: tempo(ctx),
      [OTEL_AGENT]: otelAgent(costLabelsOf(ctx)),
      [OTEL_GATEWAY]: {
        ...otelGatewayBase(
          ctx,
          costLabelsOf(ctx),
          (isScaledDownStandby(ctx.cluster) ? drScale(ctx) : primaryScale(ctx)).prometheus,
        ),
        replicaCount: 1,
        podDisruptionBudget: { enabled: false, minAvailable: 1 },
      },
    },
    environment: {
      [KPS]: {
        ...primary[KPS],
        prometheus: {
          ...primary[KPS].prometheus,
          prometheusSpec: {
            ...primary[KPS].prometheus.prometheusSpec,
            retention: `${env.retention.prometheusDays}d`,
          },
        },
      },
      [LOKI]: {
        ...primary[LOKI],
        loki: {
          ...primary[LOKI].loki,
          limits_config: { retention_period: `${env.retention.logsDays * 24}h` },
        },
      },
      [TEMPO]: tempoEnvironment(ctx),
      [OTEL_GATEWAY]: { ...primary[OTEL_GATEWAY], ...otelGatewaySampling(ctx) },
    },
    region: {
      [KPS]: { prometheus: { prometheusSpec: { externalLabels: { region: ctx.region.name } } } },
      [LOKI]: { loki: { storage: { s3: { region: ctx.region.name } } } },
    },
  };
  if (isScaledDownStandby(ctx.cluster)) layers.role = scaled(ctx, drScale(ctx));
  return layers;
}
