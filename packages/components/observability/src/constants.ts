/**
 * Names the parts of the observability component (and other components) agree on. Service
 * names follow from the release names and `fullnameOverride`s set in `upstream/`.
 */

/** Namespace of the whole stack (Istio's tracing provider and the baseline's scrape rules use it). */
export const NAMESPACE = 'monitoring';

/**
 * Prometheus: kube-prometheus-stack always names its Service `<fullname>-prometheus`, and
 * upstream/ sets `fullnameOverride: kube-prometheus-stack` (a bare `prometheus` is not possible).
 */
export const PROMETHEUS_SERVICE = `kube-prometheus-stack-prometheus.${NAMESPACE}.svc.cluster.local`;
export const PROMETHEUS_URL = `http://${PROMETHEUS_SERVICE}:9090`;

/**
 * Remote-write URL of one Prometheus replica: its pod through the operator's governing headless
 * Service `prometheus-operated` (StatefulSet `prometheus-<Prometheus name>`, pods `-0`, `-1`, ...).
 * The gateway writes every series to every replica (docs/decisions.md#remote-write-per-replica).
 */
export function prometheusReplicaWriteUrl(ordinal: number): string {
  return `http://prometheus-kube-prometheus-stack-prometheus-${ordinal}.prometheus-operated.${NAMESPACE}.svc.cluster.local:9090/api/v1/write`;
}

/** Exporter name of the gateway's remote write to one Prometheus replica. */
export const remoteWriteExporter = (ordinal: number) => `prometheusremotewrite/${ordinal}`;

/** The OTLP gateway collector (Istio sends spans here: see @platform/component-istio OTLP_SERVICE). */
export const OTEL_GATEWAY_SERVICE = `opentelemetry-collector.${NAMESPACE}.svc.cluster.local`;

/** Label and value of the ConfigMaps the Grafana dashboard sidecar loads (from every namespace). */
export const DASHBOARD_LABEL = 'grafana_dashboard';
export const DASHBOARD_LABEL_VALUE = '1';

/** Secret (created by an ExternalSecret in our chart) mounted into Alertmanager with the receivers' keys. */
export const ALERTMANAGER_SECRET = 'alertmanager-receivers';
/** Where the Prometheus Operator mounts `alertmanagerSpec.secrets`. */
export const ALERTMANAGER_SECRET_DIR = `/etc/alertmanager/secrets/${ALERTMANAGER_SECRET}`;

/** kube-state-metrics namespace labels the cost rules need (docs/decisions.md#cost-budgets). */
export const KSM_NAMESPACE_LABELS = ['cost-budget', 'cost-center', 'layer', 'environment'] as const;

/** Secret with Grafana's admin user and password (ExternalSecret in our chart; `admin.existingSecret`). */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';

/** Alertmanager of kube-prometheus-stack (`<fullname>-alertmanager`, port 9093). */
export const ALERTMANAGER_URL = `http://kube-prometheus-stack-alertmanager.${NAMESPACE}.svc.cluster.local:9093`;

/**
 * Thanos (docs/decisions.md#prometheus-deduplication): kube-prometheus-stack runs the sidecar in
 * every Prometheus pod and its headless discovery Service `<fullname>-thanos-discovery` (gRPC
 * 10901); Thanos Query in our chart finds the sidecars through that Service's SRV records.
 */
export const THANOS_DISCOVERY_SERVICE = `kube-prometheus-stack-thanos-discovery.${NAMESPACE}.svc.cluster.local`;
/** Thanos Query's Service (HTTP 9090, the Prometheus query API): Grafana's default datasource. */
export const THANOS_QUERY_NAME = 'thanos-query';
export const THANOS_QUERY_URL = `http://${THANOS_QUERY_NAME}.${NAMESPACE}.svc.cluster.local:9090`;
/** ConfigMap (our chart) with the sidecar's object storage configuration; it holds no credentials. */
export const THANOS_OBJSTORE_CONFIGMAP = 'thanos-objstore';
/** Where the sidecar reads that configuration (`thanos.objectStorageConfigFile`). */
export const THANOS_OBJSTORE_DIR = '/etc/thanos/objstore';
export const THANOS_OBJSTORE_FILE = 'objstore.yaml';
/** External label the Prometheus Operator sets per replica; Thanos Query deduplicates by it. */
export const PROMETHEUS_REPLICA_LABEL = 'prometheus_replica';
/**
 * The Thanos image: the tag kube-prometheus-stack 88.5.3 gives the operator for the sidecars
 * (`prometheusOperator.thanosImage`), so Query and sidecars run the same release.
 */
export const THANOS_IMAGE = { repository: 'quay.io/thanos/thanos', tag: 'v0.42.4' } as const;
/** The S3 bucket of a cluster's metric blocks, in the cluster's region (created with the cluster). */
export const thanosBucket = (cluster: string) => `${cluster}-thanos-metrics`;
/** The S3 endpoint of a region, as the Thanos object storage configuration names it. */
export const s3Endpoint = (region: string) => `s3.${region}.amazonaws.com`;
/**
 * Thanos Store Gateway (StatefulSet and headless Service over the cluster's bucket; a remote
 * bucket's is `<name>-<cluster>`) and Compactor, each with the ServiceAccount of its EKS Pod
 * Identity association (role `thanos`, POD_IDENTITY_ROLES in @platform/core).
 */
export const THANOS_STORE_NAME = 'thanos-store';
export const THANOS_COMPACT_NAME = 'thanos-compact';
/** Pod labels our chart gives the Thanos pods; the egress allows select by them. */
export const THANOS_COMPONENT_LABEL = 'app.kubernetes.io/component';
/** Region of the bucket a Store Gateway reads (remote buckets are in other regions). */
export const THANOS_BUCKET_REGION_LABEL = 'thanos-bucket-region';
/** Cluster whose bucket a Store Gateway reads. */
export const THANOS_BUCKET_CLUSTER_LABEL = 'thanos-bucket-cluster';
