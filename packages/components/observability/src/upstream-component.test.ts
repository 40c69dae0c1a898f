import { istio } from '@platform/component-istio';
import type { Fleet } from '@platform/core';
import { emitTree } from '@platform/emitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CLUSTERS,
  COMPONENTS,
  compute,
  loadDefaultFleet,
  stub,
  withOverride,
} from './__fixtures__/upstream-fleet.ts';
import observability from './index.ts';
import { effectiveSamplingPercent } from './upstream/index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the observability upstream charts', () => {
  it('pins kube-prometheus-stack, Loki, Tempo and the collector twice, in install order', () => {
    expect(
      observability.upstreamCharts.map((u) => [u.id, u.repoURL, u.chart, u.version, u.releaseName]),
    ).toEqual([
      [
        'kube-prometheus-stack',
        'https://prometheus-community.github.io/helm-charts',
        'kube-prometheus-stack',
        '88.5.3',
        undefined,
      ],
      ['loki', 'https://grafana-community.github.io/helm-charts', 'loki', '18.11.0', undefined],
      ['tempo', 'https://grafana-community.github.io/helm-charts', 'tempo', '2.2.4', undefined],
      [
        'otel-gateway',
        'https://open-telemetry.github.io/opentelemetry-helm-charts',
        'opentelemetry-collector',
        '0.170.0',
        'otel-gateway',
      ],
      [
        'otel-agent',
        'https://open-telemetry.github.io/opentelemetry-helm-charts',
        'opentelemetry-collector',
        '0.170.0',
        'otel-agent',
      ],
    ]);
    expect(observability).toMatchObject({ namespace: 'monitoring', sync: { serverSideApply: true } });
  });

  it('emits one values file and one release per collector, from the same chart', () => {
    const { clusters, issues } = compute(fleet);
    expect(issues).toEqual([]);
    const tree = emitTree({
      clusters,
      fleet: fleet.settings,
      charts: new Map([
        ['observability', new Map([['Chart.yaml', 'apiVersion: v2\nname: observability\n']])],
      ]),
      generator: { name: 'test', version: '0.0.0' },
    });
    const dir = 'clusters/agentic-prod-usw2/components/observability';
    const files = [...tree.keys()].filter((p) => p.startsWith(`${dir}/`)).sort();
    expect(files).toEqual(
      ['config', 'kube-prometheus-stack', 'loki', 'otel-agent', 'otel-gateway', 'tempo'].map(
        (f) => `${dir}/values-${f}.yaml`,
      ),
    );
    expect(parse(tree.get(`${dir}/values-otel-agent.yaml`)!)).toMatchObject({ mode: 'daemonset' });
    expect(parse(tree.get(`${dir}/values-otel-gateway.yaml`)!)).toMatchObject({
      mode: 'deployment',
      replicaCount: 3,
    });
    const appset = parse(tree.get('clusters/agentic-prod-usw2/apps/applicationset.yaml')!);
    const element = appset.spec.generators[0].list.elements.find(
      (e: { component: string }) => e.component === 'observability',
    );
    const collectors = element.sources.filter(
      (s: { chart?: string }) => s.chart === 'opentelemetry-collector',
    );
    expect(collectors.map((s: { helm: object }) => s.helm)).toEqual([
      { releaseName: 'otel-gateway', valueFiles: [`$values/${dir}/values-otel-gateway.yaml`] },
      { releaseName: 'otel-agent', valueFiles: [`$values/${dir}/values-otel-agent.yaml`] },
    ]);
  });
});

describe('observability sampling and Istio', () => {
  it('samples at the rate of the Istio Telemetry on every cluster where Istio is on', () => {
    const { clusters, issues } = compute(fleet, [
      ...COMPONENTS,
      istio,
      stub('metrics-server'),
      stub('aws-load-balancer-controller'),
    ]);
    expect(issues).toEqual([]);
    const withIstio = clusters.filter((cc) => cc.components.some((c) => c.definition.name === 'istio'));
    expect(withIstio.map((cc) => cc.context.cluster.name).sort()).toEqual(
      ['agentic-dr-use1', 'agentic-prod-usw2', 'agentic-stg-usw2'].sort(),
    );
    for (const cc of withIstio) {
      const of = (name: string) => cc.components.find((c) => c.definition.name === name)!.targets;
      const telemetry = (of('istio').chart!.values as { telemetry: { samplingPercent: number } }).telemetry;
      const gateway = of('observability')['otel-gateway']!.values as never;
      expect([cc.context.cluster.name, effectiveSamplingPercent(gateway)]).toEqual([
        cc.context.cluster.name,
        telemetry.samplingPercent,
      ]);
    }
  });
});

describe('observability upstream bad input', () => {
  it('rejects an unknown key, naming the cluster, the component and the dotted path', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      'kube-prometheus-stack': { prometheus: { prometheusSpec: { retentionDays: 7 } } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-stg-usw2',
        component: 'observability',
        path: 'kube-prometheus-stack.prometheus.prometheusSpec.retentionDays',
      }),
    ]);
  });

  it('rejects a cluster override of 120 days of Prometheus retention', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      'kube-prometheus-stack': { prometheus: { prometheusSpec: { retention: '120d' } } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-prod-usw2',
        component: 'observability',
        code: 'rule:retention-within-bounds',
        path: 'kube-prometheus-stack.prometheus.prometheusSpec.retention',
        expected: 'between 1 and 90 days',
        found: '120d',
      }),
    ]);
  });

  it('rejects turning the remote-write receiver off while the collector writes to it', () => {
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      'kube-prometheus-stack': { prometheus: { prometheusSpec: { enableRemoteWriteReceiver: false } } },
    });
    expect(compute(f).issues.map((i) => `${i.cluster} ${i.code} ${i.path} ${i.found}`)).toEqual([
      'agentic-dev-usw2 rule:remote-write-receiver kube-prometheus-stack.prometheus.prometheusSpec.enableRemoteWriteReceiver false',
    ]);
  });

  it('rejects a collector sampling rate that differs from the environment profile (staging 10 %)', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      'otel-gateway': { config: { processors: { probabilistic_sampler: { sampling_percentage: 100 } } } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path} ${i.expected} ${i.found}`)).toEqual([
      'rule:sampling-matches-environment otel-gateway.config.processors.probabilistic_sampler.sampling_percentage 10% (staging profile) 100%',
    ]);
  });

  it('rejects a PDB that would block drains on a single-replica Loki', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', { loki: { singleBinary: { replicas: 1 } } });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:pdb-leaves-room-to-drain loki.singleBinary.podDisruptionBudget.minAvailable',
    ]);
  });

  it('rejects a Tempo retention in days (the chart takes hours) set in the staging profile', () => {
    const f: Fleet = {
      ...fleet,
      environments: {
        ...fleet.environments,
        staging: {
          ...fleet.environments.staging!,
          components: { observability: { values: { tempo: { tempo: { retention: '31d' } } } } },
        },
      },
    };
    expect(compute(f).issues.map((i) => `${i.cluster} ${i.path}`)).toEqual([
      'agentic-stg-usw2 tempo.tempo.retention',
    ]);
  });

  it('depends on the CRDs, Cilium, the platform baseline and External Secrets only', () => {
    expect(observability.dependsOn).toEqual([
      'prometheus-operator-crds',
      'cilium',
      'platform-baseline',
      'external-secrets',
    ]);
    expect(
      compute(fleet, [
        observability,
        stub('prometheus-operator-crds'),
        stub('cilium'),
        stub('platform-baseline'),
        stub('external-secrets'),
      ]).issues,
    ).toEqual([]);
    expect(CLUSTERS).toHaveLength(4);
  });
});
