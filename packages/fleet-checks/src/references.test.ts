import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, service } from './__fixtures__/objects.ts';
import { referencesCheck, serviceRefs } from './references.ts';

const components = [
  { name: 'observability', wave: 3, namespace: 'monitoring' },
  { name: 'opencost', wave: 4, namespace: 'opencost' },
];
const VALUES = 'clusters/agentic-prod-usw2/components/opencost/values-opencost.yaml';

function check(values: string, objects: K8sObject[] = []) {
  return referencesCheck(
    renderedFleet(
      [
        {
          components,
          sources: [
            {
              component: 'observability',
              source: 'kube-prometheus-stack',
              objects: [service('prometheus-operated', undefined, { web: 9090 })],
            },
            { component: 'opencost', objects },
          ],
        },
      ],
      { [VALUES]: values },
    ),
  );
}

describe('serviceRefs', () => {
  it('finds URLs and host:port forms, with pod prefixes and domains', () => {
    expect(
      serviceRefs(
        'a http://prometheus-operated.monitoring.svc:9090/api and redis-0.redis.data.svc.cluster.local:6379',
      ),
    ).toEqual([
      {
        text: 'http://prometheus-operated.monitoring.svc:9090',
        scheme: 'http',
        service: 'prometheus-operated',
        namespace: 'monitoring',
        domain: '',
        port: 9090,
      },
      {
        text: 'redis-0.redis.data.svc.cluster.local:6379',
        service: 'redis',
        namespace: 'data',
        domain: 'cluster.local',
        port: 6379,
      },
    ]);
  });

  it('skips a flag naming a Secret after a Service host (Kyverno), but not a host in another flag', () => {
    expect(serviceRefs('--caSecretName=kyverno-svc.kyverno.svc.kyverno-tls-ca')).toEqual([]);
    expect(serviceRefs('--tls-secret-name=kyverno-svc.kyverno.svc.kyverno-tls-pair')).toEqual([]);
    expect(serviceRefs('--serverAddress=kyverno-svc.kyverno.svc.kyverno-tls-ca')).toEqual([
      {
        text: 'kyverno-svc.kyverno.svc.kyverno-tls-ca',
        service: 'kyverno-svc',
        namespace: 'kyverno',
        domain: 'kyverno-tls-ca',
      },
    ]);
  });
});

describe('referencesCheck', () => {
  it('accepts a URL naming a rendered Service and one of its ports', () => {
    expect(
      check('prometheus:\n  url: http://prometheus-operated.monitoring.svc.cluster.local:9090\n'),
    ).toEqual([]);
    expect(check('api: https://kubernetes.default.svc\n')).toEqual([]);
  });

  it('fails on a cluster name where the cluster domain belongs (rendered env)', () => {
    const d = deployment('opencost', undefined);
    const spec = (d.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
    spec.containers[0] = {
      ...spec.containers[0],
      env: [
        {
          name: 'PROMETHEUS_SERVER_ENDPOINT',
          value: 'http://prometheus-operated.monitoring.svc.agentic-prod-usw2:9090',
        },
      ],
    };
    expect(check('{}\n', [d])).toEqual([
      {
        code: 'bad-service-domain',
        message:
          'the host name prometheus-operated.monitoring.svc.agentic-prod-usw2 does not resolve: the cluster DNS domain is cluster.local',
        file: VALUES,
        cluster: 'agentic-prod-usw2',
        component: 'opencost',
        object: 'apps/v1 Deployment opencost/opencost',
        path: 'spec.template.spec.containers[0].env[0].value',
        expected: 'prometheus-operated.monitoring.svc or prometheus-operated.monitoring.svc.cluster.local',
        found: 'http://prometheus-operated.monitoring.svc.agentic-prod-usw2:9090',
        hint: 'a chart value that sets the cluster domain (often called clusterName or clusterDomain) got something else',
      },
    ]);
  });

  it('resolves prometheus-operated (per-pod names too) only where a Prometheus is rendered', () => {
    const prometheus: K8sObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'kube-prometheus-stack-prometheus', namespace: 'monitoring' },
      spec: { replicas: 2 },
    };
    const run = (objects: K8sObject[]) =>
      referencesCheck(
        renderedFleet(
          [
            {
              components,
              sources: [
                { component: 'observability', source: 'kube-prometheus-stack', objects },
                { component: 'opencost', objects: [] },
              ],
            },
          ],
          {
            [VALUES]:
              'url: http://prometheus-kube-prometheus-stack-prometheus-1.prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write\n',
          },
        ),
      );
    expect(run([prometheus])).toEqual([]);
    expect(run([]).map((i) => i.code)).toEqual(['unresolved-service']);
  });

  it('fails on a Service the cluster does not render, and on a port it does not expose', () => {
    const issues = check(
      'prometheus:\n  external:\n    url: http://prometheus-server.monitoring.svc:80\n  internal:\n    url: http://prometheus-operated.monitoring.svc:9091\n',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unresolved-service',
        file: VALUES,
        cluster: 'agentic-prod-usw2',
        component: 'opencost',
        path: 'prometheus.external.url',
        expected: 'a Service monitoring/prometheus-server rendered for agentic-prod-usw2',
        found: 'http://prometheus-server.monitoring.svc:80',
        hint: 'Services in monitoring: prometheus-operated',
      }),
      expect.objectContaining({
        code: 'unresolved-port',
        path: 'prometheus.internal.url',
        expected: 'one of its ports 9090',
        found: 'http://prometheus-operated.monitoring.svc:9091',
      }),
    ]);
  });
});
