/** The in-cluster Prometheus of the observability component. */
export const PROMETHEUS_URL = 'http://prometheus.monitoring.svc.cluster.local:9090';
