import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment, namespaceObject } from './__fixtures__/objects.ts';
import { podSecurityCheck } from './pod-security.ts';

const components = [
  { name: 'platform-baseline', wave: 0, namespace: 'kube-system' },
  { name: 'cert-manager', wave: 2, namespace: 'cert-manager' },
];

function check(workloads: K8sObject[], level: string, files: Record<string, string> = {}) {
  const namespaces = level
    ? [namespaceObject('cert-manager', { 'pod-security.kubernetes.io/enforce': level })]
    : [];
  return podSecurityCheck(
    renderedFleet(
      [
        {
          components,
          sources: [
            { component: 'platform-baseline', source: 'config', objects: namespaces },
            { component: 'cert-manager', objects: workloads },
          ],
        },
      ],
      files,
    ),
  );
}

function rootDaemonSet(): K8sObject {
  const d = deployment('node-agent', undefined);
  const spec = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  spec.hostNetwork = true;
  spec.securityContext = {};
  spec.volumes = [{ name: 'proc', hostPath: { path: '/proc' } }];
  spec.containers = [
    {
      name: 'agent',
      image: 'quay.io/example/agent:v1',
      securityContext: { capabilities: { add: ['SYS_ADMIN'] } },
    },
  ];
  return { ...d, kind: 'DaemonSet' };
}

describe('podSecurityCheck', () => {
  it('accepts a restricted-compliant Deployment in a restricted namespace', () => {
    expect(check([deployment('cert-manager', undefined)], 'restricted')).toEqual([]);
  });

  it('ignores namespaces that enforce nothing or privileged', () => {
    expect(check([rootDaemonSet()], '')).toEqual([]);
    expect(check([rootDaemonSet()], 'privileged')).toEqual([]);
  });

  it('fails a baseline namespace on host namespaces, hostPath and added capabilities', () => {
    const issues = check([rootDaemonSet()], 'baseline');
    expect(issues.map((i) => [i.path, i.expected, i.found])).toEqual([
      ['spec.template.spec.hostNetwork', 'unset or false', 'true'],
      [
        'spec.template.spec.containers[0].securityContext.capabilities.add[0]',
        expect.stringContaining('one of AUDIT_WRITE'),
        '"SYS_ADMIN"',
      ],
      ['spec.template.spec.volumes[0].hostPath', 'no hostPath volumes', 'an object'],
    ]);
    expect(issues[0]).toMatchObject({
      code: 'pod-security',
      cluster: 'agentic-prod-usw2',
      component: 'cert-manager',
      object: 'apps/v1 DaemonSet cert-manager/node-agent',
      message:
        "violates the baseline Pod Security Standard: hostNetwork shares the node's namespace " +
        '(namespace cert-manager enforces baseline, set by the Namespace rendered by platform-baseline)',
    });
  });

  it('fails a restricted namespace on what restricted adds', () => {
    const d = deployment('cert-manager', undefined);
    const spec = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.securityContext = {};
    spec.containers = [{ name: 'controller', image: 'quay.io/jetstack/cert-manager-controller:v1.21.1' }];
    const issues = check([d], 'restricted');
    expect(issues.map((i) => [i.path, i.found])).toEqual([
      ['spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', 'nothing'],
      ['spec.template.spec.securityContext.runAsNonRoot', 'nothing'],
      ['spec.template.spec.securityContext.seccompProfile', 'nothing'],
      ['spec.template.spec.containers[0].securityContext.capabilities.drop', 'nothing'],
    ]);
    expect(check([d], 'baseline')).toEqual([]);
  });

  it('reads the level from the Application managedNamespaceMetadata', () => {
    const d = deployment('cert-manager', undefined);
    const spec = (d.spec as { template: { spec: Record<string, unknown> } }).template.spec;
    spec.hostPID = true;
    const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: agentic-prod-usw2}
spec:
  generators:
    - list:
        elements:
          - component: cert-manager
            namespace: cert-manager
            syncPolicy:
              managedNamespaceMetadata:
                labels: {pod-security.kubernetes.io/enforce: restricted}
  template: {spec: {}}
`;
    const issues = check([d], '', { 'clusters/agentic-prod-usw2/apps/applicationset.yaml': appSet });
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'spec.template.spec.hostPID',
        message: expect.stringContaining('managedNamespaceMetadata of cert-manager'),
      }),
    ]);
  });
});
