import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, namespaceObject } from './__fixtures__/objects.ts';
import { gatekeeperCheck } from './gatekeeper.ts';

const components = [
  { name: 'gatekeeper', wave: 1, namespace: 'gatekeeper-system' },
  { name: 'cert-manager', wave: 2, namespace: 'cert-manager' },
];
const COST = { 'cost-center': 'platform', layer: 'l00', environment: 'production' };

function constraint(enforcementAction: string): K8sObject {
  return {
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    kind: 'K8sRequiredLabels',
    metadata: { name: 'require-cost-labels' },
    spec: {
      enforcementAction,
      match: {
        excludedNamespaces: ['kube-system'],
        kinds: [
          { apiGroups: [''], kinds: ['Namespace'] },
          { apiGroups: ['apps'], kinds: ['Deployment'] },
        ],
      },
      parameters: { labels: ['cost-center', 'layer', 'environment'] },
    },
  };
}

const config: K8sObject = {
  apiVersion: 'config.gatekeeper.sh/v1alpha1',
  kind: 'Config',
  metadata: { name: 'config', namespace: 'gatekeeper-system' },
  spec: { match: [{ excludedNamespaces: ['kube-*'], processes: ['*'] }] },
};

function check(action: string, objects: K8sObject[]) {
  return gatekeeperCheck(
    renderedFleet([
      {
        components,
        sources: [
          { component: 'gatekeeper', source: 'config', objects: [constraint(action), config] },
          { component: 'cert-manager', objects },
        ],
      },
    ]),
  );
}

const labelled = (d: K8sObject): K8sObject => ({
  ...d,
  metadata: { ...d.metadata, labels: { ...d.metadata.labels, ...COST } },
});

describe('gatekeeperCheck (our own constraint kinds, evaluated in process)', () => {
  it('refuses a Deployment a deny constraint would reject, naming what is missing', () => {
    const issues = check('deny', [deployment('cert-manager', undefined)]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'gatekeeper-deny',
      cluster: 'agentic-prod-usw2',
      component: 'cert-manager',
      object: 'apps/v1 Deployment cert-manager/cert-manager',
      path: 'metadata.labels',
      message: expect.stringContaining('missing the required labels cost-center, layer, environment'),
    });
  });

  it('passes labelled objects, excluded namespaces (its own and the Config), and warn or dryrun constraints', () => {
    expect(check('deny', [labelled(deployment('cert-manager', undefined))])).toEqual([]);
    expect(check('deny', [deployment('coredns', 'kube-system'), namespaceObject('kube-node-lease')])).toEqual(
      [],
    );
    expect(check('warn', [deployment('cert-manager', undefined)])).toEqual([]);
    expect(check('dryrun', [deployment('cert-manager', undefined)])).toEqual([]);
  });

  it('matches a Namespace by its own name and only the kinds listed', () => {
    const issues = check('deny', [
      namespaceObject('data-layer'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    ]);
    expect(issues.map((i) => i.object)).toEqual(['v1 Namespace data-layer']);
  });
});
