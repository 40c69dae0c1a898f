import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { selectorMatches, spreadCheck } from './spread.ts';

const components = [{ name: 'cert-manager', wave: 2, namespace: 'cert-manager' }];

function deployment(podLabels: Record<string, string>, selector: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cert-manager-webhook', namespace: 'cert-manager' },
    spec: {
      replicas: 3,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          containers: [{ name: 'webhook', image: 'quay.io/jetstack/cert-manager-webhook:v1.21.1' }],
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: selector,
            },
          ],
        },
      },
    },
  };
}

const check = (objects: K8sObject[]) =>
  spreadCheck(renderedFleet([{ components, sources: [{ component: 'cert-manager', objects }] }]));

const webhook = { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/instance': 'cert-manager' };

describe('spreadCheck', () => {
  it('reports a spread whose selector names another workload (the controller, not the webhook)', () => {
    const wrong = { matchLabels: { ...webhook, 'app.kubernetes.io/name': 'cert-manager' } };
    expect(check([deployment(webhook, wrong)])).toEqual([
      expect.objectContaining({
        code: 'spread-selects-other-pods',
        cluster: 'agentic-prod-usw2',
        component: 'cert-manager',
        object: 'apps/v1 Deployment cert-manager/cert-manager-webhook',
        path: 'spec.template.spec.topologySpreadConstraints[0].labelSelector',
        found: JSON.stringify(wrong),
      }),
    ]);
  });

  it('accepts a selector that matches the pods, by labels or expressions', () => {
    expect(check([deployment(webhook, { matchLabels: webhook })])).toEqual([]);
    expect(
      check([
        deployment(webhook, {
          matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['webhook'] }],
        }),
      ]),
    ).toEqual([]);
  });

  it('evaluates every operator as the API server does', () => {
    const pod = { a: '1' };
    const expr = (operator: string, values?: string[]) => ({
      matchExpressions: [{ key: 'a', operator, ...(values ? { values } : {}) }],
    });
    expect(selectorMatches(expr('In', ['1', '2']), pod)).toBe(true);
    expect(selectorMatches(expr('NotIn', ['1']), pod)).toBe(false);
    expect(selectorMatches(expr('NotIn', ['2']), {})).toBe(true);
    expect(selectorMatches(expr('Exists'), pod)).toBe(true);
    expect(selectorMatches(expr('DoesNotExist'), pod)).toBe(false);
    expect(selectorMatches({}, pod)).toBe(true);
  });
});
