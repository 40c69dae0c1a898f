import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { PROMETHEUS_URL } from './constants.ts';
import { type UpstreamTargets, upstreamRules } from './upstream/index.ts';

let prod: UpstreamTargets;
let ctx: ClusterContext;
let stgCtx: ClusterContext;
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  prod = r.byCluster['agentic-prod-usw2']!.targets;
  ctx = r.byCluster['agentic-prod-usw2']!.context;
  stgCtx = r.byCluster['agentic-stg-usw2']!.context;
});

function run(id: string, mutate: (v: UpstreamTargets) => void, c: () => ClusterContext = () => ctx) {
  const v = structuredClone(prod);
  mutate(v);
  const rule = upstreamRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (rule.check(v as unknown as Record<string, never>, c()) ?? []).map((x) => x.path).sort();
}

const kps = (v: UpstreamTargets) => v['kube-prometheus-stack'];
const gw = (v: UpstreamTargets) => v['otel-gateway'];

describe('remote write per Prometheus replica', () => {
  it('names the replica that an override of prometheusSpec.replicas leaves without a write', () => {
    expect(
      run('remote-write-receiver', (v) => {
        kps(v).prometheus.prometheusSpec.replicas = 4;
      }),
    ).toEqual([
      'otel-gateway.config.exporters.prometheusremotewrite/3.endpoint',
      'otel-gateway.config.service.pipelines.metrics.exporters',
    ]);
  });
});

const cases: {
  id: string;
  mutate: (v: UpstreamTargets) => void;
  paths: string[];
  ctx?: () => ClusterContext;
}[] = [
  {
    id: 'retention-within-bounds',
    mutate: (v) => {
      kps(v).prometheus.prometheusSpec.retention = '120d';
      v.loki.loki.limits_config.retention_period = '72h';
      v.tempo.tempo.retention = '744h';
    },
    paths: [
      'kube-prometheus-stack.prometheus.prometheusSpec.retention',
      'loki.loki.limits_config.retention_period',
      'tempo.tempo.retention',
    ],
  },
  {
    id: 'loki-retention-applied',
    mutate: (v) => {
      v.loki.loki.compactor.retention_enabled = false;
    },
    paths: ['loki.loki.compactor.retention_enabled'],
  },
  {
    id: 'remote-write-receiver',
    mutate: (v) => {
      kps(v).prometheus.prometheusSpec.enableRemoteWriteReceiver = false;
      // back to one write through the load-balanced Service: series split across replicas
      const ex = gw(v).config.exporters as Record<string, unknown>;
      for (const k of Object.keys(ex)) if (k.startsWith('prometheusremotewrite/')) delete ex[k];
      ex.prometheusremotewrite = { endpoint: `${PROMETHEUS_URL}/api/v1/write` };
      gw(v).config.service.pipelines.metrics.exporters = ['prometheusremotewrite'];
    },
    paths: [
      'kube-prometheus-stack.prometheus.prometheusSpec.enableRemoteWriteReceiver',
      'otel-gateway.config.exporters.prometheusremotewrite',
      'otel-gateway.config.exporters.prometheusremotewrite/0.endpoint',
      'otel-gateway.config.exporters.prometheusremotewrite/1.endpoint',
      'otel-gateway.config.exporters.prometheusremotewrite/2.endpoint',
      'otel-gateway.config.service.pipelines.metrics.exporters',
    ],
  },
  {
    id: 'services-match-constants',
    mutate: (v) => {
      kps(v).fullnameOverride = 'prometheus';
      gw(v).fullnameOverride = 'otel-collector';
      gw(v).config.exporters['otlp_grpc/tempo'].endpoint = 'tempo.infrastructure.svc.cluster.local:4317';
    },
    paths: [
      'kube-prometheus-stack.fullnameOverride',
      'otel-gateway.config.exporters.otlp_grpc/tempo.endpoint',
      'otel-gateway.fullnameOverride',
    ],
  },
  {
    id: 'sampling-matches-environment',
    mutate: (v) => {
      const p = gw(v).config.processors.tail_sampling!.policies.at(-1)!;
      if (p.type === 'probabilistic') p.probabilistic.sampling_percentage = 100;
    },
    paths: ['otel-gateway.config.processors.tail_sampling.policies'],
  },
  {
    id: 'tail-sampling-needs-head-rate',
    // staging profile (10 %, no tail sampling) with production's tail sampler: not asked for
    mutate: () => {},
    ctx: () => ({
      ...stgCtx,
      environment: {
        ...stgCtx.environment,
        tracing: { ...stgCtx.environment.tracing, samplingPercent: 100 },
      },
    }),
    paths: ['otel-gateway.config.processors.tail_sampling'],
  },
  {
    id: 'tail-sampling-routes-by-trace',
    mutate: (v) => {
      const pipes = gw(v).config.service.pipelines;
      pipes.traces.exporters = ['otlp_grpc/tempo'];
      pipes['traces/sampling']!.receivers = ['otlp', 'otlp/sampling'];
    },
    paths: [
      'otel-gateway.config.service.pipelines.traces.exporters',
      'otel-gateway.config.service.pipelines.traces/sampling.receivers',
    ],
  },
  {
    id: 'pdb-leaves-room-to-drain',
    mutate: (v) => {
      kps(v).prometheus.prometheusSpec.replicas = 1;
      kps(v).grafana.podDisruptionBudget.minAvailable = 1;
      gw(v).replicaCount = 1;
    },
    paths: [
      'kube-prometheus-stack.grafana.podDisruptionBudget.minAvailable',
      'kube-prometheus-stack.prometheus.podDisruptionBudget.minAvailable',
      'otel-gateway.podDisruptionBudget.minAvailable',
    ],
  },
  {
    id: 'pdbs-follow-environment',
    mutate: (v) => {
      v.loki.singleBinary.podDisruptionBudget.enabled = false;
      kps(v).alertmanager.podDisruptionBudget.enabled = false;
    },
    paths: [
      'kube-prometheus-stack.alertmanager.podDisruptionBudget.enabled',
      'loki.singleBinary.podDisruptionBudget.enabled',
    ],
  },
  {
    id: 'loki-replication-within-replicas',
    mutate: (v) => {
      v.loki.singleBinary.replicas = 2;
    },
    paths: ['loki.loki.commonConfig.replication_factor'],
  },
  {
    id: 'memory-limiter-below-limit',
    mutate: (v) => {
      v['otel-agent'].config.processors.memory_limiter.limit_mib = 512;
      gw(v).config.processors.memory_limiter.spike_limit_mib = 1600;
    },
    paths: [
      'otel-agent.config.processors.memory_limiter.limit_mib',
      'otel-gateway.config.processors.memory_limiter.spike_limit_mib',
    ],
  },
  {
    id: 'collector-pipelines-consistent',
    mutate: (v) => {
      // the gateway on the k8s image (no prometheusremotewrite), and a pipeline naming a missing exporter
      gw(v).image.repository = 'otel/opentelemetry-collector-k8s';
      v['otel-agent'].config.service.pipelines.logs.exporters = ['otlp_http/loki'];
    },
    paths: [
      'otel-agent.config.service.pipelines.logs.exporters',
      'otel-gateway.config.exporters.prometheusremotewrite/0',
      'otel-gateway.config.exporters.prometheusremotewrite/1',
      'otel-gateway.config.exporters.prometheusremotewrite/2',
    ],
  },
  {
    id: 'selects-every-monitor',
    mutate: (v) => {
      kps(v).prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues = true;
    },
    paths: ['kube-prometheus-stack.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues'],
  },
  {
    id: 'ksm-namespace-labels',
    mutate: (v) => {
      kps(v)['kube-state-metrics'].metricLabelsAllowlist = ['namespaces=[cost-center,layer]'];
    },
    paths: ['kube-prometheus-stack.kube-state-metrics.metricLabelsAllowlist'],
  },
  {
    id: 'volumes-on-platform-storage',
    mutate: (v) => {
      v.tempo.persistence.storageClassName = 'gp2';
    },
    paths: ['tempo.persistence.storageClassName'],
  },
  {
    id: 'workloads-carry-cost-labels',
    mutate: (v) => {
      v['otel-agent'].additionalLabels.environment = 'staging';
    },
    paths: ['otel-agent.additionalLabels.environment'],
  },
];

describe('observability upstream rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(upstreamRules.map((r) => r.id).sort());
  });

  it('hold for the computed production values', () => {
    for (const r of upstreamRules)
      expect(r.check(prod as unknown as Record<string, never>, ctx) ?? [], r.id).toEqual([]);
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, paths, ctx: c }) => {
    expect(run(id, mutate, c)).toEqual(paths);
  });

  it('says what was expected and what was found', () => {
    const rule = upstreamRules.find((r) => r.id === 'retention-within-bounds')!;
    const v = structuredClone(prod);
    v['kube-prometheus-stack'].prometheus.prometheusSpec.retention = '120d';
    expect(rule.check(v as unknown as Record<string, never>, ctx)).toEqual([
      {
        path: 'kube-prometheus-stack.prometheus.prometheusSpec.retention',
        expected: 'between 1 and 90 days',
        found: '120d',
      },
    ]);
  });
});
