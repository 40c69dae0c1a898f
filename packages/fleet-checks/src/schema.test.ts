import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, widgetCrd } from './__fixtures__/objects.ts';
import { schemaCheck } from './schema.ts';

const components = [
  { name: 'cert-manager', wave: 2, namespace: 'cert-manager' },
  { name: 'widgets', wave: 3, namespace: 'widgets' },
];

function fleetOf(objects: Parameters<typeof renderedFleet>[0][0]['sources'][0]['objects'], withCrd = true) {
  return renderedFleet([
    {
      components,
      sources: [
        { component: 'cert-manager', objects },
        ...(withCrd ? [{ component: 'widgets', objects: [widgetCrd()] }] : []),
      ],
    },
  ]);
}

describe('schemaCheck', () => {
  it('accepts realistic built-in objects, int-or-string ports, quantities and null timestamps', () => {
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'cert-manager', namespace: 'cert-manager' },
      spec: { maxUnavailable: '50%', selector: { matchLabels: { app: 'cert-manager' } } },
    };
    expect(schemaCheck(fleetOf([deployment('cert-manager', 'cert-manager'), pdb]))).toEqual([]);
  });

  it('fails on an unknown field with the cluster, component, object, dotted path and the known fields', () => {
    const bad = deployment('cert-manager', undefined);
    const spec = bad.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
    spec.template.spec.containers[0] = { ...spec.template.spec.containers[0], imagePullPolicey: 'Always' };
    const issues = schemaCheck(fleetOf([bad]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'unknown-field',
      cluster: 'agentic-prod-usw2',
      component: 'cert-manager',
      file: 'clusters/agentic-prod-usw2/components/cert-manager/values-cert-manager.yaml',
      object: 'apps/v1 Deployment cert-manager/cert-manager',
      path: 'spec.template.spec.containers[0].imagePullPolicey',
      found: '"imagePullPolicey": "Always"',
      hint: 'did you mean "imagePullPolicy"?',
    });
    expect(issues[0]?.expected).toContain('one of args, command, env');
  });

  it('fails on a wrong type and on a bad quantity', () => {
    const bad = deployment('cert-manager', 'cert-manager');
    const spec = bad.spec as Record<string, unknown> & {
      template: { spec: { containers: Record<string, unknown>[] } };
    };
    spec.replicas = 'two';
    spec.template.spec.containers[0] = {
      ...spec.template.spec.containers[0],
      resources: { requests: { memory: '128MB' } },
    };
    const issues = schemaCheck(fleetOf([bad]));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'schema',
        path: 'spec.replicas',
        expected: 'integer',
        found: 'string "two"',
      }),
      expect.objectContaining({
        code: 'schema',
        path: 'spec.template.spec.containers[0].resources.requests.memory',
        message: 'not a quantity',
        found: '"128MB"',
      }),
    ]);
  });

  it('fails on an API version the cluster does not serve, naming the served one', () => {
    const pdb = {
      apiVersion: 'policy/v1beta1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'cert-manager', namespace: 'cert-manager' },
      spec: { minAvailable: 1 },
    };
    const flow = {
      apiVersion: 'storage.k8s.io/v1beta1',
      kind: 'VolumeAttributesClass',
      metadata: { name: 'fast' },
      driverName: 'ebs.csi.aws.com',
    };
    expect(schemaCheck(fleetOf([pdb, flow]))).toEqual([
      expect.objectContaining({
        code: 'unserved-api',
        message: 'policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.33',
        object: 'policy/v1beta1 PodDisruptionBudget cert-manager/cert-manager',
        path: 'apiVersion',
        expected: 'policy/v1',
        found: 'policy/v1beta1',
      }),
      expect.objectContaining({
        code: 'unserved-api',
        object: 'storage.k8s.io/v1beta1 VolumeAttributesClass fast',
      }),
    ]);
  });

  it('validates custom resources against the CRD the same cluster installs, closed', () => {
    const widget = {
      apiVersion: 'example.io/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'cert-manager' },
      spec: {
        size: 0,
        port: 'http',
        mode: 'slow',
        extra: { anything: true },
        labels: { a: 'b' },
        colour: 'red',
      },
    };
    const issues = schemaCheck(fleetOf([widget]));
    expect(issues.map((i) => [i.code, i.path, i.expected, i.found])).toEqual([
      ['unknown-field', 'spec.colour', 'one of extra, labels, mode, port, size', '"colour": "red"'],
      ['schema', 'spec.size', '>= 1', '0'],
      ['schema', 'spec.mode', 'one of "fast", "safe"', '"slow"'],
    ]);
    expect(issues[0]?.object).toBe('example.io/v1 Widget cert-manager/w');
  });

  it('fails on a custom resource whose version the CRD does not serve', () => {
    const widget = {
      apiVersion: 'example.io/v1beta1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
    };
    expect(schemaCheck(fleetOf([widget]))).toEqual([
      expect.objectContaining({
        code: 'unserved-api',
        expected: 'example.io/v1',
        found: 'example.io/v1beta1',
      }),
    ]);
  });

  it('fails on a custom resource whose CRD the cluster does not install', () => {
    const widget = {
      apiVersion: 'example.io/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { size: 1 },
    };
    expect(schemaCheck(fleetOf([widget], false))).toEqual([
      expect.objectContaining({
        code: 'missing-crd',
        message:
          'no CRD for Widget.example.io in cluster agentic-prod-usw2; install the component that ships it',
        object: 'example.io/v1 Widget w',
      }),
    ]);
  });

  it('knows the CRDs controllers create at runtime: Gatekeeper constraints and Cilium', () => {
    const template = {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 'k8srequiredlabels' },
      spec: {
        crd: {
          spec: {
            names: { kind: 'K8sRequiredLabels' },
            validation: {
              openAPIV3Schema: {
                type: 'object',
                properties: { labels: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package k8srequiredlabels' }],
      },
    };
    const constraint = (parameters: Record<string, unknown>) => ({
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind: 'K8sRequiredLabels',
      metadata: { name: 'require-cost-labels' },
      spec: {
        enforcementAction: 'deny',
        match: { kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }] },
        parameters,
      },
    });
    const policy = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: { name: 'baseline-dns-visibility' },
      spec: { endpointSelector: {} },
    };
    const fleet = (objects: Record<string, unknown>[]) =>
      renderedFleet([
        {
          components: [...components, { name: 'cilium', wave: 1, namespace: 'kube-system' }],
          sources: [
            { component: 'cilium', objects: [] },
            { component: 'widgets', objects: objects as never },
          ],
        },
      ]);
    // the fixture does not render Gatekeeper's own CRDs, so only the template itself is unknown
    const templateOnly = expect.objectContaining({
      code: 'missing-crd',
      object: expect.stringContaining('ConstraintTemplate'),
    });
    expect(schemaCheck(fleet([template, constraint({ labels: ['cost-center'] }), policy]))).toEqual([
      templateOnly,
    ]);
    expect(schemaCheck(fleet([template, constraint({ label: ['cost-center'] })]))).toEqual([
      templateOnly,
      expect.objectContaining({
        code: 'unknown-field',
        path: 'spec.parameters.label',
        hint: 'did you mean "labels"?',
      }),
    ]);
  });
});
