import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTERS, compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { PROMETHEUS_URL } from './constants.ts';

let by: ReturnType<typeof compute>['byCluster'];
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  expect(r.issues).toEqual([]);
  by = r.byCluster;
});
type Targets = (typeof by)[string]['targets'];
/** One value per cluster, in the order dev, staging, production, DR. */
const each = <T>(f: (t: Targets) => T) => CLUSTERS.map((c) => f(by[c]!.targets));

describe('observability upstream values per environment (real fleet)', () => {
  it('computes values for every cluster without issues', () => {
    expect(Object.keys(by).sort()).toEqual([...CLUSTERS].sort());
  });

  it('keeps metrics 3/7/15 days, logs 7/14/30 days and traces for the profile days', () => {
    expect(each((t) => t['kube-prometheus-stack'].prometheus.prometheusSpec.retention)).toEqual([
      '3d',
      '7d',
      '15d',
      '15d',
    ]);
    expect(each((t) => t.loki.loki.limits_config.retention_period)).toEqual(['168h', '336h', '720h', '720h']);
    expect(each((t) => t.loki.loki.compactor)).toEqual(
      CLUSTERS.map(() => ({ retention_enabled: true, delete_request_store: 's3' })),
    );
    // gitops/environments: tracesDays 3 / 7 / 14
    expect(each((t) => t.tempo.tempo.retention)).toEqual(['72h', '168h', '336h', '336h']);
  });

  it('scales replicas with the profile (1/2/3) and the DR standby down to 2; Grafana always 1 (SQLite)', () => {
    const kps = (t: Targets) => t['kube-prometheus-stack'];
    expect(each((t) => kps(t).prometheus.prometheusSpec.replicas)).toEqual([1, 2, 3, 2]);
    expect(each((t) => kps(t).alertmanager.alertmanagerSpec.replicas)).toEqual([1, 2, 3, 2]);
    expect(each((t) => kps(t).grafana.replicas)).toEqual([1, 1, 1, 1]);
    expect(each((t) => t.loki.singleBinary.replicas)).toEqual([1, 2, 3, 2]);
    expect(each((t) => t['otel-gateway'].replicaCount)).toEqual([1, 2, 3, 2]);
    expect(each((t) => t.loki.loki.commonConfig.replication_factor)).toEqual([1, 1, 3, 1]);
  });

  it('turns PDBs (minAvailable 1) on where the environment enables them and there are 2+ replicas', () => {
    const kps = (t: Targets) => t['kube-prometheus-stack'];
    expect(each((t) => kps(t).prometheus.podDisruptionBudget)).toEqual([
      { enabled: false, minAvailable: 1 },
      { enabled: true, minAvailable: 1 },
      { enabled: true, minAvailable: 1 },
      { enabled: true, minAvailable: 1 },
    ]);
    expect(each((t) => kps(t).alertmanager.podDisruptionBudget.enabled)).toEqual([false, true, true, true]);
    expect(each((t) => kps(t).grafana.podDisruptionBudget)).toEqual([{}, {}, {}, {}]);
    expect(each((t) => t.loki.singleBinary.podDisruptionBudget.enabled)).toEqual([false, true, true, true]);
    expect(each((t) => t['otel-gateway'].podDisruptionBudget.enabled)).toEqual([false, true, true, true]);
  });

  it('samples traces at 100/10/1 % with tail sampling in production only', () => {
    const p = (t: Targets) => t['otel-gateway'].config.processors;
    expect(each((t) => p(t).probabilistic_sampler?.sampling_percentage)).toEqual([
      undefined,
      10,
      undefined,
      undefined,
    ]);
    expect(each((t) => p(t).tail_sampling !== undefined)).toEqual([false, false, true, true]);
    expect(p(by['agentic-prod-usw2']!.targets).tail_sampling).toEqual({
      decision_wait: '10s',
      num_traces: 100000,
      expected_new_traces_per_sec: 1000,
      policies: [
        { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
        { name: 'slow-traces', type: 'latency', latency: { threshold_ms: 1000 } },
        { name: 'probabilistic', type: 'probabilistic', probabilistic: { sampling_percentage: 1 } },
      ],
    });
    expect(each((t) => t['otel-gateway'].config.service.pipelines.traces.processors)).toEqual([
      ['memory_limiter', 'resource', 'batch'],
      ['memory_limiter', 'probabilistic_sampler', 'resource', 'batch'],
      ['memory_limiter'],
      ['memory_limiter'],
    ]);
  });

  it('routes spans by trace ID to the replica that tail-samples them (headless Service, port 4319)', () => {
    const g = by['agentic-prod-usw2']!.targets['otel-gateway'];
    expect(g.config.exporters.loadbalancing).toEqual({
      routing_key: 'traceID',
      protocol: { otlp: { timeout: '1s', tls: { insecure: true } } },
      resolver: {
        dns: { hostname: 'opentelemetry-collector-sampling.monitoring.svc.cluster.local', port: 4319 },
      },
    });
    expect(g.config.service.pipelines).toMatchObject({
      traces: { receivers: ['otlp'], exporters: ['loadbalancing'] },
      'traces/sampling': {
        receivers: ['otlp/sampling'],
        processors: ['memory_limiter', 'tail_sampling', 'resource', 'batch'],
        exporters: ['otlp_grpc/tempo'],
      },
    });
    expect(g.extraManifests.map((m) => [m.metadata.name, m.spec.clusterIP, m.spec.selector])).toEqual([
      [
        'opentelemetry-collector-sampling',
        'None',
        {
          'app.kubernetes.io/name': 'opentelemetry-collector',
          'app.kubernetes.io/instance': 'otel-gateway',
          component: 'standalone-collector',
        },
      ],
    ]);
    expect(by['agentic-stg-usw2']!.targets['otel-gateway'].extraManifests).toEqual([]);
  });

  it('exports traces to Tempo, metrics to each Prometheus replica and logs to Loki over OTLP', () => {
    const g = by['agentic-stg-usw2']!.targets['otel-gateway'];
    expect(g.image.repository).toBe('otel/opentelemetry-collector-contrib');
    expect(g.fullnameOverride).toBe('opentelemetry-collector');
    expect(g.config.exporters).toEqual({
      'otlp_grpc/tempo': { endpoint: 'tempo.monitoring.svc.cluster.local:4317', tls: { insecure: true } },
      'prometheusremotewrite/0': {
        endpoint:
          'http://prometheus-kube-prometheus-stack-prometheus-0.prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write',
      },
      'prometheusremotewrite/1': {
        endpoint:
          'http://prometheus-kube-prometheus-stack-prometheus-1.prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write',
      },
      'otlp_http/loki': { endpoint: 'http://loki.monitoring.svc.cluster.local:3100/otlp' },
    });
    expect(g.config.processors.batch).toEqual({ timeout: '5s', send_batch_size: 1000 });
    expect(g.config.processors.resource.attributes).toEqual([
      { key: 'cluster', value: 'agentic-stg-usw2', action: 'upsert' },
      { key: 'environment', value: 'staging', action: 'upsert' },
    ]);
    // staging has two Prometheus replicas: each gets every series, never through the Service
    expect(g.config.service.pipelines.metrics.exporters).toEqual([
      'prometheusremotewrite/0',
      'prometheusremotewrite/1',
    ]);
    expect(g.config.service.pipelines.logs.exporters).toEqual(['otlp_http/loki']);
    expect(PROMETHEUS_URL).toBe('http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090');
  });

  it('runs the agent as a DaemonSet of the k8s distribution with OTLP and the file_log preset', () => {
    const a = by['agentic-dev-usw2']!.targets['otel-agent'];
    expect(a).toMatchObject({
      mode: 'daemonset',
      image: { repository: 'otel/opentelemetry-collector-k8s' },
      presets: { logsCollection: { enabled: true }, kubernetesAttributes: { enabled: true } },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    });
    expect(a.config.receivers.otlp.protocols.grpc.endpoint).toBe(`$\{env:MY_POD_IP}:4317`);
    expect(a.config.exporters['otlp_grpc/gateway'].endpoint).toBe(
      'opentelemetry-collector.monitoring.svc.cluster.local:4317',
    );
    expect(a.config.processors.memory_limiter).toMatchObject({ limit_mib: 400, spike_limit_mib: 100 });
  });

  it('configures kube-prometheus-stack for the whole cluster with external labels', () => {
    const k = by['agentic-dr-use1']!.targets['kube-prometheus-stack'];
    expect(k.prometheus.prometheusSpec).toMatchObject({
      enableRemoteWriteReceiver: true,
      scrapeInterval: '30s',
      serviceMonitorSelectorNilUsesHelmValues: false,
      podMonitorSelectorNilUsesHelmValues: false,
      ruleSelectorNilUsesHelmValues: false,
      probeSelectorNilUsesHelmValues: false,
      externalLabels: { cluster: 'agentic-dr-use1', environment: 'production', region: 'us-east-1' },
      storageSpec: {
        volumeClaimTemplate: {
          spec: { storageClassName: 'ssd-standard', resources: { requests: { storage: '100Gi' } } },
        },
      },
    });
    expect(k['kube-state-metrics'].metricLabelsAllowlist).toEqual([
      'namespaces=[cost-budget,cost-center,layer,environment]',
    ]);
    expect(k.grafana.sidecar.dashboards).toEqual({
      enabled: true,
      label: 'grafana_dashboard',
      labelValue: '1',
      searchNamespace: 'ALL',
    });
    expect(k.grafana.admin).toEqual({
      existingSecret: 'grafana-admin',
      userKey: 'admin-user',
      passwordKey: 'admin-password',
    });
    expect(k.alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receivers']);
    expect(k.fullnameOverride).toBe('kube-prometheus-stack');
  });

  it('keeps Loki in the region S3 buckets of the cluster and every volume on ssd-standard', () => {
    const l = by['agentic-dr-use1']!.targets.loki;
    expect(l.loki.storage).toEqual({
      type: 's3',
      bucketNames: { chunks: 'agentic-dr-use1-loki-chunks', ruler: 'agentic-dr-use1-loki-ruler' },
      s3: { region: 'us-east-1' },
    });
    expect(l.singleBinary.persistence.storageClass).toBe('ssd-standard');
    expect(by['agentic-dr-use1']!.targets.tempo.persistence.storageClassName).toBe('ssd-standard');
  });

  it('puts requests and limits on every workload and cost labels on every chart', () => {
    for (const c of CLUSTERS) {
      const t = by[c]!.targets;
      const k = t['kube-prometheus-stack'];
      const resources = [
        k.prometheus.prometheusSpec.resources,
        k.alertmanager.alertmanagerSpec.resources,
        k.grafana.resources,
        k.grafana.sidecar.resources,
        k.prometheusOperator.resources,
        k.prometheusOperator.prometheusConfigReloader.resources,
        k['kube-state-metrics'].resources,
        k['prometheus-node-exporter'].resources,
        t.loki.singleBinary.resources,
        t.loki.sidecar.resources,
        t.tempo.tempo.resources,
        t['otel-agent'].resources,
        t['otel-gateway'].resources,
      ];
      for (const r of resources)
        expect(Object.keys(r.requests).concat(Object.keys(r.limits))).toHaveLength(4);
      expect(t.loki.commonLabels).toEqual({
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: by[c]!.context.environment.name,
      });
    }
  });
});
