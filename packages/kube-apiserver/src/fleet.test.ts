import type { K8sObject, RenderedFleet, RenderedSource } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { admitFleetReport } from './index.ts';

const source = (component: string, namespace: string, objects: K8sObject[]): RenderedSource => ({
  cluster: 'c1',
  component,
  source: component === 'baseline' ? 'config' : 'upstream',
  chart: component,
  version: '1.0.0',
  releaseName: component,
  namespace,
  valuesFile: `clusters/c1/${component}/values.yaml`,
  objects,
});

const crd: K8sObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
          },
        },
      },
    ],
  },
};

const deployment = (name: string, namespace?: string, securityContext?: object): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'nginx:1.27', ...(securityContext ? { securityContext } : {}) }] },
    },
  },
});

// The components are made up; every refusal below is the real API server's.
const fleet = {
  fleet: {},
  files: new Map(),
  clusters: [
    {
      cluster: 'c1',
      kubeVersion: '1.33',
      apiVersions: [],
      computed: {},
      sources: [
        // the custom resource comes before its CRD's source: CRDs are applied first anyway
        source('baseline', 'platform', [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'locked', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
          },
          {
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            metadata: { name: 'w' },
            spec: { size: 1, colour: 'red' },
          },
          {
            apiVersion: 'scheduling.k8s.io/v1',
            kind: 'PriorityClass',
            metadata: { name: 'system-critical' },
            value: 1000,
          },
          {
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name: 'web' },
            spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
          },
          deployment('privileged', 'locked', { privileged: true }),
          deployment('fine'),
          {
            apiVersion: 'constraints.gatekeeper.sh/v1beta1',
            kind: 'K8sRequiredLabels',
            metadata: {
              name: 'created-at-run-time',
              annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
            },
          },
          { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' } },
        ]),
        source('widgets', 'widgets', [crd, deployment('widget-operator')]),
      ],
    },
  ],
} as unknown as RenderedFleet;

describe('admitFleetReport', () => {
  it('reports every object the real API server refuses, with cluster, component, object and path', async () => {
    const { issues } = await admitFleetReport(fleet);
    const brief = issues.map((i) => [i.code, i.component, i.object, i.path ?? '']);
    expect(brief).toEqual([
      ['apiserver-refused', 'baseline', 'example.com/v1 Widget platform/w', 'spec.colour'],
      [
        'apiserver-refused',
        'baseline',
        'scheduling.k8s.io/v1 PriorityClass system-critical',
        'metadata.name',
      ],
      ['apiserver-refused', 'baseline', 'policy/v1 PodDisruptionBudget platform/web', 'spec'],
      ['pod-security-refused', 'baseline', 'apps/v1 Deployment locked/privileged', 'spec.template.spec'],
      ['apiserver-refused', 'baseline', 'example.com/v1 Gadget g', ''],
    ]);
    for (const i of issues) {
      expect(i.cluster).toBe('c1');
      expect(i.file).toBe('clusters/c1/baseline/values.yaml');
    }
    expect(issues[0]?.message).toMatch(
      /^kube-apiserver v1\.36\.3 \(as Kubernetes 1\.33\) refuses it: .*\.spec\.colour: field not declared in schema/,
    );
    expect(issues[1]?.message).toContain('system-');
    expect(issues[3]?.message).toContain('privileged');
    expect(issues[4]?.message).toContain('no matches for kind "Gadget"');
  });
});
