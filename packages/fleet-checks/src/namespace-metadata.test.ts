import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, namespaceObject } from './__fixtures__/objects.ts';
import { namespaceMetadataCheck } from './namespace-metadata.ts';

const components = [
  { name: 'platform-baseline', wave: 0, namespace: 'kube-system' },
  { name: 'gatekeeper', wave: 1, namespace: 'gatekeeper-system' },
  { name: 'cert-manager', wave: 2, namespace: 'cert-manager' },
];
const COST = { 'cost-center': 'platform', layer: 'l00', environment: 'production' };

const constraint: K8sObject = {
  apiVersion: 'constraints.gatekeeper.sh/v1beta1',
  kind: 'K8sRequiredLabels',
  metadata: { name: 'require-cost-labels' },
  spec: {
    enforcementAction: 'dryrun',
    match: { kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }] },
    parameters: { labels: ['cost-center', 'layer', 'environment'] },
  },
};

const appSet = (gatekeeperSync: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: agentic-prod-usw2}
spec:
  generators:
    - list:
        elements:
          - component: gatekeeper
            namespace: gatekeeper-system
            syncPolicy: ${gatekeeperSync}
          - component: cert-manager
            namespace: cert-manager
            syncPolicy: {syncOptions: [CreateNamespace=true]}
  template: {spec: {}}
`;

function check(workloads: K8sObject[], gatekeeperSync: string) {
  return namespaceMetadataCheck(
    renderedFleet(
      [
        {
          components,
          sources: [
            {
              component: 'platform-baseline',
              source: 'config',
              objects: [namespaceObject('cert-manager', COST)],
            },
            { component: 'gatekeeper', source: 'config', objects: [constraint] },
            { component: 'cert-manager', objects: workloads },
          ],
        },
      ],
      { 'clusters/agentic-prod-usw2/apps/applicationset.yaml': appSet(gatekeeperSync) },
    ),
  );
}

const withPodLabels = (d: K8sObject, labels: Record<string, string>): K8sObject => {
  const spec = d.spec as { template: { metadata: { labels: Record<string, string> } } };
  spec.template.metadata.labels = { ...spec.template.metadata.labels, ...labels };
  return d;
};

describe('namespaceMetadataCheck', () => {
  it('refuses a namespace Argo CD creates bare, naming the Application and the missing labels', () => {
    const issues = check([], '{syncOptions: [CreateNamespace=true]}');
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'namespace-metadata',
        cluster: 'agentic-prod-usw2',
        component: 'gatekeeper',
        file: 'clusters/agentic-prod-usw2/apps/applicationset.yaml',
        object: 'v1 Namespace gatekeeper-system',
        path: 'spec.template.spec.syncPolicy.managedNamespaceMetadata.labels',
        message: expect.stringContaining(
          'without the labels pod-security.kubernetes.io/enforce, cost-center, environment, layer',
        ),
      }),
    ]);
  });

  it('passes a created namespace labelled through managedNamespaceMetadata, and rendered namespaces', () => {
    const labels = JSON.stringify({ ...COST, 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(
      check([], `{syncOptions: [CreateNamespace=true], managedNamespaceMetadata: {labels: ${labels}}}`),
    ).toEqual([]);
    // without CreateNamespace Argo CD creates nothing
    expect(check([], '{syncOptions: []}')).toEqual([]);
  });

  it('refuses pod templates without the cost labels outside kube-system, and passes labelled ones', () => {
    const sync = `{managedNamespaceMetadata: {labels: {}}}`;
    const issues = check([deployment('cert-manager', undefined)], sync);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'pod-cost-labels',
        component: 'cert-manager',
        object: 'apps/v1 Deployment cert-manager/cert-manager',
        path: 'spec.template.metadata.labels',
        message: expect.stringContaining('lack the cost labels cost-center, environment, layer'),
      }),
    ]);
    expect(check([withPodLabels(deployment('cert-manager', undefined), COST)], sync)).toEqual([]);
    expect(check([deployment('coredns', 'kube-system')], sync)).toEqual([]);
  });
});
