import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, service } from './__fixtures__/objects.ts';
import { apiServerRulesCheck } from './apiserver-rules.ts';

const components = [
  { name: 'platform-baseline', wave: 0, namespace: 'kube-system' },
  { name: 'cilium', wave: 1, namespace: 'kube-system' },
];

function check(objects: K8sObject[], more: K8sObject[] = [], files: Record<string, string> = {}) {
  return apiServerRulesCheck(
    renderedFleet(
      [
        {
          components,
          sources: [
            { component: 'cilium', objects },
            { component: 'platform-baseline', source: 'config', objects: more },
          ],
        },
      ],
      files,
    ),
  );
}

describe('apiServerRulesCheck', () => {
  it('accepts realistic objects', () => {
    expect(
      check([
        deployment('cilium-operator', 'kube-system'),
        service('hubble-relay', 'kube-system', { grpc: 80 }),
      ]),
    ).toEqual([]);
  });

  it('fails on a PodDisruptionBudget with both minAvailable and maxUnavailable', () => {
    const pdb: K8sObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'cilium-operator', namespace: 'kube-system' },
      spec: {
        minAvailable: 1,
        maxUnavailable: 1,
        selector: { matchLabels: { 'io.cilium/app': 'operator' } },
      },
    };
    expect(check([pdb])).toEqual([
      {
        code: 'pdb-both-fields',
        message: 'a PodDisruptionBudget may set minAvailable or maxUnavailable, not both',
        file: 'clusters/agentic-prod-usw2/components/cilium/values-cilium.yaml',
        cluster: 'agentic-prod-usw2',
        component: 'cilium',
        object: 'policy/v1 PodDisruptionBudget kube-system/cilium-operator',
        path: 'spec.maxUnavailable',
        expected: 'only one of spec.minAvailable, spec.maxUnavailable',
        found: 'minAvailable 1 and maxUnavailable 1',
        hint: 'set the other one to null in the values (e.g. maxUnavailable: null)',
      },
    ]);
  });

  it('fails on a Service name over 63 characters and a bad label value', () => {
    const long = service(`observability-kube-prometheus-stack-${'a'.repeat(30)}`, undefined, { http: 9090 });
    const labelled = deployment('cilium-operator', 'kube-system');
    labelled.metadata.labels = { ...labelled.metadata.labels, 'helm.sh/chart': `x-${'1'.repeat(70)}` };
    const issues = check([long, labelled]);
    expect(issues.map((i) => [i.code, i.object, i.path, i.expected])).toEqual([
      [
        'invalid-name',
        `v1 Service kube-system/${long.metadata.name}`,
        'metadata.name',
        'a DNS-1035 label (at most 63 characters)',
      ],
      [
        'invalid-label',
        'apps/v1 Deployment kube-system/cilium-operator',
        'metadata.labels["helm.sh/chart"]',
        'a value of at most 63 alphanumerics, "-", "_" or ".", starting and ending alphanumeric',
      ],
    ]);
    expect(issues[0]?.message).toBe('invalid Service name: 66 characters, more than 63');
  });

  it('fails on a selector that does not match the pod template', () => {
    const d = deployment('cilium-operator', 'kube-system');
    (d.spec as { selector: unknown }).selector = { matchLabels: { 'io.cilium/app': 'operator' } };
    expect(check([d])).toEqual([
      expect.objectContaining({
        code: 'selector-mismatch',
        object: 'apps/v1 Deployment kube-system/cilium-operator',
        path: 'spec.selector',
        expected: 'a selector matching spec.template.metadata.labels',
      }),
    ]);
  });

  it('fails on a PriorityClass with the reserved system- prefix', () => {
    const pc: K8sObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-critical' },
      value: 1000000,
    };
    const allowed = { ...pc, metadata: { name: 'system-cluster-critical' } };
    expect(check([], [pc, allowed])).toEqual([
      expect.objectContaining({
        code: 'reserved-priority-class',
        component: 'platform-baseline',
        file: 'clusters/agentic-prod-usw2/components/platform-baseline/values-config.yaml',
        object: 'scheduling.k8s.io/v1 PriorityClass system-critical',
        path: 'metadata.name',
        found: '"system-critical"',
      }),
    ]);
  });

  it('fails on the same object from two Applications, using the destination namespace', () => {
    const fromCilium = service('hubble-peer', undefined, { peer: 443 });
    const fromBaseline = service('hubble-peer', 'kube-system', { peer: 443 });
    const elsewhere = service('hubble-peer', 'monitoring', { peer: 443 });
    expect(check([fromCilium], [fromBaseline, elsewhere])).toEqual([
      expect.objectContaining({
        code: 'duplicate-object',
        component: 'platform-baseline',
        object: 'v1 Service kube-system/hubble-peer',
        found: 'v1 Service kube-system/hubble-peer from cilium (cilium) and platform-baseline (config)',
      }),
    ]);
  });

  it('fails on an object too large for client-side apply unless the Application syncs server-side', () => {
    const crd: K8sObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'applicationsets.argoproj.io' },
      spec: { group: 'argoproj.io', description: 'x'.repeat(300 * 1024) },
    };
    const appSet = (options: string[]) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: agentic-prod-usw2, namespace: argocd}
spec:
  generators:
    - list:
        elements:
          - component: cilium
            namespace: kube-system
            syncPolicy: {syncOptions: ${JSON.stringify(options)}}
  template: {spec: {}}
`;
    const file = 'clusters/agentic-prod-usw2/apps/applicationset.yaml';
    expect(check([crd], [], { [file]: appSet(['CreateNamespace=true']) })).toEqual([
      expect.objectContaining({
        code: 'annotations-too-large',
        object: 'apiextensions.k8s.io/v1 CustomResourceDefinition applicationsets.argoproj.io',
        path: 'metadata.annotations',
      }),
    ]);
    expect(check([crd], [], { [file]: appSet(['CreateNamespace=true', 'ServerSideApply=true']) })).toEqual(
      [],
    );
  });
});
