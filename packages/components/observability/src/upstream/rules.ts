import type { ComponentRule, RuleViolation } from '@platform/core';
import { KSM_NAMESPACE_LABELS, prometheusReplicaWriteUrl, remoteWriteExporter } from '../constants.ts';
import {
  COLLECTOR_IMAGES,
  DISTRIBUTION_COMPONENTS,
  KPS,
  KPS_FULLNAME,
  LOKI,
  LOKI_FULLNAME,
  LOKI_OTLP_ENDPOINT,
  OTEL_AGENT,
  OTEL_GATEWAY,
  OTEL_GATEWAY_FULLNAME,
  STORAGE_CLASS,
  TEMPO,
  TEMPO_FULLNAME,
  TEMPO_OTLP_ENDPOINT,
} from './names.ts';
import { ALL, effectiveSamplingPercent } from './otel.ts';
import type { OtelAgentValues, OtelGatewayValues, UpstreamTargets } from './schema.ts';

const t = (v: Readonly<Record<string, unknown>>) => v as unknown as UpstreamTargets;

/** Bounds of the retention settings, the same as the environment profile schema's. */
export const RETENTION_BOUNDS = {
  prometheus: { min: 1, max: 90 },
  loki: { min: 7, max: 365 },
  tempo: { min: 1, max: 30 },
} as const;

const num = (s: string, unit: string) => Number(s.slice(0, -unit.length));
const MEBI: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 };
/** A memory quantity in MiB (only the binary suffixes our schemas produce; plain bytes too). */
export function mebibytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return Number.NaN;
  return m[2] ? Number(m[1]) * MEBI[m[2]]! : Number(m[1]) / (1024 * 1024);
}

type Collector = OtelAgentValues | OtelGatewayValues;
const collectors = (v: UpstreamTargets): [string, Collector][] => [
  [OTEL_AGENT, v[OTEL_AGENT]],
  [OTEL_GATEWAY, v[OTEL_GATEWAY]],
];
const typeOf = (name: string) => name.split('/')[0]!;
/** Components the chart's presets add to the agent's pipelines by themselves. */
const PRESET_COMPONENTS = { receivers: ['file_log'], processors: ['k8s_attributes'], exporters: [] } as const;
const KINDS = ['receivers', 'processors', 'exporters'] as const;

function usedExporters(g: OtelGatewayValues): Set<string> {
  return new Set(Object.values(g.config.service.pipelines).flatMap((p) => p?.exporters ?? []));
}

/** Cross-field rules of the upstream charts' values; all are evaluated, every violation reported. */
export const upstreamRules: readonly ComponentRule[] = [
  {
    id: 'retention-within-bounds',
    description:
      'retention must stay within the supported bounds (Prometheus 1–90 d, Loki 7–365 d, Tempo 1–30 d)',
    check: (values) => {
      const v = t(values);
      const out: RuleViolation[] = [];
      const within = (path: string, d: number, b: { min: number; max: number }, found: string) => {
        if (!(d >= b.min && d <= b.max))
          out.push({ path, expected: `between ${b.min} and ${b.max} days`, found });
      };
      const prom = v[KPS].prometheus.prometheusSpec.retention;
      within(`${KPS}.prometheus.prometheusSpec.retention`, num(prom, 'd'), RETENTION_BOUNDS.prometheus, prom);
      const logs = v[LOKI].loki.limits_config.retention_period;
      within(`${LOKI}.loki.limits_config.retention_period`, num(logs, 'h') / 24, RETENTION_BOUNDS.loki, logs);
      const traces = v[TEMPO].tempo.retention;
      within(`${TEMPO}.tempo.retention`, num(traces, 'h') / 24, RETENTION_BOUNDS.tempo, traces);
      return out;
    },
  },
  {
    id: 'loki-retention-applied',
    description: "Loki's compactor must apply the retention (retention_enabled with a delete request store)",
    check: (values) => {
      const c = t(values)[LOKI].loki.compactor;
      return c.retention_enabled
        ? undefined
        : [{ path: `${LOKI}.loki.compactor.retention_enabled`, expected: 'true', found: 'false' }];
    },
  },
  {
    id: 'remote-write-receiver',
    description:
      "the gateway exports metrics with prometheusremotewrite to Prometheus's /api/v1/write: the remote-write receiver must be on",
    check: (values) => {
      const v = t(values);
      const g = v[OTEL_GATEWAY];
      const used = [...usedExporters(g)].filter((e) => typeOf(e) === 'prometheusremotewrite');
      if (used.length === 0) return undefined;
      const out: RuleViolation[] = [];
      if (!v[KPS].prometheus.prometheusSpec.enableRemoteWriteReceiver)
        out.push({
          path: `${KPS}.prometheus.prometheusSpec.enableRemoteWriteReceiver`,
          expected: `true (${OTEL_GATEWAY} exports with ${used.join(', ')})`,
          found: 'false',
        });
      // Every replica gets every series: one exporter per pod, none through the Service
      // (docs/decisions.md#remote-write-per-replica).
      const replicas = v[KPS].prometheus.prometheusSpec.replicas;
      const exporters = g.config.exporters as Record<string, { endpoint?: string } | undefined>;
      for (let i = 0; i < replicas; i++) {
        const name = remoteWriteExporter(i);
        const want = prometheusReplicaWriteUrl(i);
        const endpoint = exporters[name]?.endpoint;
        if (endpoint !== want)
          out.push({
            path: `${OTEL_GATEWAY}.config.exporters.${name}.endpoint`,
            expected: `${JSON.stringify(want)} (replica ${i} of ${replicas})`,
            found: JSON.stringify(endpoint ?? null),
          });
      }
      const wanted = Array.from({ length: replicas }, (_, i) => remoteWriteExporter(i));
      const metrics = g.config.service.pipelines.metrics.exporters;
      const writes = metrics.filter((e) => typeOf(e) === 'prometheusremotewrite');
      if (JSON.stringify([...writes].sort()) !== JSON.stringify([...wanted].sort()))
        out.push({
          path: `${OTEL_GATEWAY}.config.service.pipelines.metrics.exporters`,
          expected: `one remote write per Prometheus replica: ${JSON.stringify(wanted)}`,
          found: JSON.stringify(writes),
        });
      for (const name of Object.keys(exporters))
        if (!['otlp_grpc/tempo', 'otlp_http/loki', 'loadbalancing'].includes(name) && !wanted.includes(name))
          out.push({
            path: `${OTEL_GATEWAY}.config.exporters.${name}`,
            expected: `prometheusremotewrite/0..${replicas - 1} (Prometheus has ${replicas} replicas)`,
            found: JSON.stringify(exporters[name]),
          });
      return out;
    },
  },
  {
    id: 'services-match-constants',
    description:
      'Service names must be the ones other components use (PROMETHEUS_URL, OTEL_GATEWAY_SERVICE, Loki and Tempo endpoints)',
    check: (values) => {
      const v = t(values);
      const out: RuleViolation[] = [];
      const same = (path: string, want: string, found: string) => {
        if (want !== found) out.push({ path, expected: JSON.stringify(want), found: JSON.stringify(found) });
      };
      same(`${KPS}.fullnameOverride`, KPS_FULLNAME, v[KPS].fullnameOverride);
      same(`${OTEL_GATEWAY}.fullnameOverride`, OTEL_GATEWAY_FULLNAME, v[OTEL_GATEWAY].fullnameOverride);
      same(`${LOKI}.fullnameOverride`, LOKI_FULLNAME, v[LOKI].fullnameOverride);
      same(`${TEMPO}.fullnameOverride`, TEMPO_FULLNAME, v[TEMPO].fullnameOverride);
      const e = v[OTEL_GATEWAY].config.exporters;
      same(
        `${OTEL_GATEWAY}.config.exporters.otlp_grpc/tempo.endpoint`,
        TEMPO_OTLP_ENDPOINT,
        e['otlp_grpc/tempo'].endpoint,
      );
      same(
        `${OTEL_GATEWAY}.config.exporters.otlp_http/loki.endpoint`,
        LOKI_OTLP_ENDPOINT,
        e['otlp_http/loki'].endpoint,
      );
      return out;
    },
  },
  {
    id: 'sampling-matches-environment',
    description:
      "the collector samples traces at the environment profile's rate, the rate Istio's Telemetry uses too",
    check: (values, ctx) => {
      const want = ctx.environment.tracing.samplingPercent;
      const g = t(values)[OTEL_GATEWAY];
      const found = effectiveSamplingPercent(g);
      if (found === want) return undefined;
      const p = g.config.processors;
      const path = p.tail_sampling
        ? `${OTEL_GATEWAY}.config.processors.tail_sampling.policies`
        : `${OTEL_GATEWAY}.config.processors.probabilistic_sampler.sampling_percentage`;
      return [
        {
          path,
          expected: `${want}% (${ctx.environment.name} profile)`,
          found: `${found}%`,
          hint: 'Sampling comes from environment.tracing; change the environment profile, not the collector.',
        },
      ];
    },
  },
  {
    id: 'tail-sampling-needs-head-rate',
    description:
      'tail sampling only makes sense with a head rate below 100 % (and on when the profile asks for it)',
    check: (values, ctx) => {
      const g = t(values)[OTEL_GATEWAY];
      const on = g.config.processors.tail_sampling !== undefined;
      const tracing = ctx.environment.tracing;
      const path = `${OTEL_GATEWAY}.config.processors.tail_sampling`;
      if (on && tracing.samplingPercent >= ALL)
        return [
          {
            path,
            expected: `no tail sampling at a ${tracing.samplingPercent}% head rate`,
            found: 'configured',
          },
        ];
      if (!on && tracing.tailSampling.enabled)
        return [
          {
            path,
            expected: `configured (${ctx.environment.name} profile enables tail sampling)`,
            found: 'nothing',
          },
        ];
      return undefined;
    },
  },
  {
    id: 'tail-sampling-routes-by-trace',
    description:
      'tail sampling sees whole traces only if spans reach its replica by trace ID (loadbalancing exporter, routing_key traceID)',
    check: (values) => {
      const g = t(values)[OTEL_GATEWAY];
      const pipes = Object.entries(g.config.service.pipelines);
      const sampling = pipes.filter(([, p]) => p?.processors.includes('tail_sampling'));
      if (sampling.length === 0) return undefined;
      const out: RuleViolation[] = sampling
        .filter(([, p]) => p!.receivers.includes('otlp'))
        .map(([name, p]) => ({
          path: `${OTEL_GATEWAY}.config.service.pipelines.${name}.receivers`,
          expected: 'only the receiver the loadbalancing exporter feeds (otlp/sampling)',
          found: JSON.stringify(p!.receivers),
        }));
      const front = g.config.service.pipelines.traces;
      const lb = g.config.exporters.loadbalancing;
      if (!lb || !front.exporters.includes('loadbalancing'))
        out.push({
          path: `${OTEL_GATEWAY}.config.service.pipelines.traces.exporters`,
          expected: '["loadbalancing"] (route spans by trace ID to the replica that samples them)',
          found: JSON.stringify(front.exporters),
        });
      else if (lb.routing_key !== 'traceID')
        out.push({
          path: `${OTEL_GATEWAY}.config.exporters.loadbalancing.routing_key`,
          expected: '"traceID"',
          found: JSON.stringify(lb.routing_key),
        });
      return out;
    },
  },
  {
    id: 'pdb-leaves-room-to-drain',
    description: 'a PodDisruptionBudget with minAvailable 1 needs at least 2 replicas, or node drains block',
    check: (values) => {
      const v = t(values);
      const kps = v[KPS];
      const cases: [string, boolean, number, number][] = [
        [
          `${KPS}.prometheus.podDisruptionBudget`,
          kps.prometheus.podDisruptionBudget.enabled,
          kps.prometheus.podDisruptionBudget.minAvailable,
          kps.prometheus.prometheusSpec.replicas,
        ],
        [
          `${KPS}.alertmanager.podDisruptionBudget`,
          kps.alertmanager.podDisruptionBudget.enabled,
          kps.alertmanager.podDisruptionBudget.minAvailable,
          kps.alertmanager.alertmanagerSpec.replicas,
        ],
        [
          `${KPS}.grafana.podDisruptionBudget`,
          kps.grafana.podDisruptionBudget.minAvailable !== undefined,
          kps.grafana.podDisruptionBudget.minAvailable ?? 0,
          kps.grafana.replicas,
        ],
        [
          `${LOKI}.singleBinary.podDisruptionBudget`,
          v[LOKI].singleBinary.podDisruptionBudget.enabled,
          v[LOKI].singleBinary.podDisruptionBudget.minAvailable,
          v[LOKI].singleBinary.replicas,
        ],
        [
          `${OTEL_GATEWAY}.podDisruptionBudget`,
          v[OTEL_GATEWAY].podDisruptionBudget.enabled,
          v[OTEL_GATEWAY].podDisruptionBudget.minAvailable,
          v[OTEL_GATEWAY].replicaCount,
        ],
      ];
      return cases
        .filter(([, on, min, replicas]) => on && min >= replicas)
        .map(([path, , min, replicas]) => ({
          path: `${path}.minAvailable`,
          expected: `< replicas (${replicas}): at least ${min + 1} replicas, or no PDB`,
          found: String(min),
        }));
    },
  },
  {
    id: 'pdbs-follow-environment',
    description: 'HA workloads with two or more replicas keep a PDB where the environment enables PDBs',
    check: (values, ctx) => {
      if (!ctx.environment.pdb.enabled) return undefined;
      const v = t(values);
      const kps = v[KPS];
      const cases: [string, boolean, number][] = [
        [
          `${KPS}.prometheus.podDisruptionBudget.enabled`,
          kps.prometheus.podDisruptionBudget.enabled,
          kps.prometheus.prometheusSpec.replicas,
        ],
        [
          `${KPS}.alertmanager.podDisruptionBudget.enabled`,
          kps.alertmanager.podDisruptionBudget.enabled,
          kps.alertmanager.alertmanagerSpec.replicas,
        ],
        [
          `${LOKI}.singleBinary.podDisruptionBudget.enabled`,
          v[LOKI].singleBinary.podDisruptionBudget.enabled,
          v[LOKI].singleBinary.replicas,
        ],
        [
          `${OTEL_GATEWAY}.podDisruptionBudget.enabled`,
          v[OTEL_GATEWAY].podDisruptionBudget.enabled,
          v[OTEL_GATEWAY].replicaCount,
        ],
      ];
      return cases
        .filter(([, on, replicas]) => !on && replicas > 1)
        .map(([path, , replicas]) => ({
          path,
          expected: `true (${ctx.environment.name} enables PDBs, ${replicas} replicas)`,
          found: 'false',
        }));
    },
  },
  {
    id: 'loki-replication-within-replicas',
    description: "Loki's replication factor cannot exceed its replicas (writes would never reach quorum)",
    check: (values) => {
      const l = t(values)[LOKI];
      const rf = l.loki.commonConfig.replication_factor;
      return rf > l.singleBinary.replicas
        ? [
            {
              path: `${LOKI}.loki.commonConfig.replication_factor`,
              expected: `<= singleBinary.replicas (${l.singleBinary.replicas})`,
              found: String(rf),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'memory-limiter-below-limit',
    description: "the collector's memory_limiter must act before the container memory limit is reached",
    check: (values) => {
      const out: RuleViolation[] = [];
      for (const [id, c] of collectors(t(values))) {
        const limit = mebibytes(c.resources.limits.memory);
        const m = c.config.processors.memory_limiter;
        if (!(m.limit_mib < limit))
          out.push({
            path: `${id}.config.processors.memory_limiter.limit_mib`,
            expected: `< resources.limits.memory (${c.resources.limits.memory} = ${limit} MiB)`,
            found: String(m.limit_mib),
          });
        if (!(m.spike_limit_mib < m.limit_mib))
          out.push({
            path: `${id}.config.processors.memory_limiter.spike_limit_mib`,
            expected: `< limit_mib (${m.limit_mib})`,
            found: String(m.spike_limit_mib),
          });
      }
      return out;
    },
  },
  {
    id: 'collector-pipelines-consistent',
    description:
      "every component a pipeline names is configured, and exists in the collector image's distribution (k8s or contrib)",
    check: (values) => {
      const out: RuleViolation[] = [];
      for (const [id, c] of collectors(t(values))) {
        const dist = c.image.repository === COLLECTOR_IMAGES.contrib.repository ? 'contrib' : 'k8s';
        const config = c.config as unknown as Record<(typeof KINDS)[number], Record<string, unknown>> & {
          service: { pipelines: Record<string, Record<(typeof KINDS)[number], string[]> | undefined> };
        };
        for (const kind of KINDS) {
          for (const name of Object.keys(config[kind])) {
            if (!DISTRIBUTION_COMPONENTS[dist][kind].includes(typeOf(name)))
              out.push({
                path: `${id}.config.${kind}.${name}`,
                expected: `a ${kind.slice(0, -1)} of the ${dist} distribution (${COLLECTOR_IMAGES[dist].repository})`,
                found: JSON.stringify(name),
                hint:
                  dist === 'k8s'
                    ? 'The k8s distribution has no prometheusremotewrite: use the contrib image.'
                    : undefined,
              });
          }
          for (const [pipe, p] of Object.entries(config.service.pipelines)) {
            for (const name of p?.[kind] ?? []) {
              const preset =
                id === OTEL_AGENT && (PRESET_COMPONENTS[kind] as readonly string[]).includes(name);
              if (!(name in config[kind]) && !preset)
                out.push({
                  path: `${id}.config.service.pipelines.${pipe}.${kind}`,
                  expected: `names configured under config.${kind} (${Object.keys(config[kind]).join(', ')})`,
                  found: JSON.stringify(name),
                });
            }
          }
        }
      }
      return out;
    },
  },
  {
    id: 'selects-every-monitor',
    description:
      'Prometheus must pick up every ServiceMonitor, PodMonitor, PrometheusRule, Probe and ScrapeConfig of the cluster, not only its own release',
    check: (values) => {
      const s = t(values)[KPS].prometheus.prometheusSpec;
      const keys = [
        'serviceMonitorSelectorNilUsesHelmValues',
        'podMonitorSelectorNilUsesHelmValues',
        'ruleSelectorNilUsesHelmValues',
        'probeSelectorNilUsesHelmValues',
        'scrapeConfigSelectorNilUsesHelmValues',
      ] as const;
      return keys
        .filter((k) => s[k])
        .map((k) => ({ path: `${KPS}.prometheus.prometheusSpec.${k}`, expected: 'false', found: 'true' }));
    },
  },
  {
    id: 'ksm-namespace-labels',
    description: `kube-state-metrics must export the namespace labels ${KSM_NAMESPACE_LABELS.join(', ')} (cost budgets)`,
    check: (values) => {
      const list = t(values)[KPS]['kube-state-metrics'].metricLabelsAllowlist;
      const ns = list.find((x) => x.startsWith('namespaces='));
      const have = new Set(ns ? ns.slice('namespaces=['.length, -1).split(',') : []);
      const missing = KSM_NAMESPACE_LABELS.filter((l) => !have.has(l) && !have.has('*'));
      return missing.length === 0
        ? undefined
        : [
            {
              path: `${KPS}.kube-state-metrics.metricLabelsAllowlist`,
              expected: `namespaces=[...] with ${KSM_NAMESPACE_LABELS.join(', ')}`,
              found: `${JSON.stringify(list)} (missing ${missing.join(', ')})`,
            },
          ];
    },
  },
  {
    id: 'volumes-on-platform-storage',
    description: `persistent volumes use the platform StorageClass ${STORAGE_CLASS}`,
    check: (values) => {
      const v = t(values);
      const kps = v[KPS];
      const cases: [string, string][] = [
        [
          `${KPS}.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName`,
          kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName,
        ],
        [
          `${KPS}.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName`,
          kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName,
        ],
        [`${KPS}.grafana.persistence.storageClassName`, kps.grafana.persistence.storageClassName],
        [`${LOKI}.singleBinary.persistence.storageClass`, v[LOKI].singleBinary.persistence.storageClass],
        [`${TEMPO}.persistence.storageClassName`, v[TEMPO].persistence.storageClassName],
      ];
      return cases
        .filter(([, sc]) => sc !== STORAGE_CLASS)
        .map(([path, sc]) => ({ path, expected: JSON.stringify(STORAGE_CLASS), found: JSON.stringify(sc) }));
    },
  },
  {
    id: 'workloads-carry-cost-labels',
    description:
      "every chart labels its objects with cost-center, layer and the cluster's environment (Gatekeeper require-cost-labels)",
    check: (values, ctx) => {
      const v = t(values);
      const kps = v[KPS];
      const maps: [string, Record<string, string>][] = [
        [`${KPS}.commonLabels`, kps.commonLabels],
        [`${KPS}.grafana.extraLabels`, kps.grafana.extraLabels],
        [`${KPS}.kube-state-metrics.customLabels`, kps['kube-state-metrics'].customLabels],
        [`${KPS}.prometheus-node-exporter.commonLabels`, kps['prometheus-node-exporter'].commonLabels],
        [`${LOKI}.commonLabels`, v[LOKI].commonLabels],
        [`${TEMPO}.global.commonLabels`, v[TEMPO].global.commonLabels],
        [`${OTEL_AGENT}.additionalLabels`, v[OTEL_AGENT].additionalLabels],
        [`${OTEL_GATEWAY}.additionalLabels`, v[OTEL_GATEWAY].additionalLabels],
      ];
      return maps
        .filter(([, m]) => m.environment !== ctx.environment.name)
        .map(([path, m]) => ({
          path: `${path}.environment`,
          expected: JSON.stringify(ctx.environment.name),
          found: JSON.stringify(m.environment),
        }));
    },
  },
];
