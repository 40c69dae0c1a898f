import type { K8sObject } from '@platform/hydrate';
import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment } from './__fixtures__/objects.ts';
import { schedulingCheck, tolerates } from './scheduling.ts';

const components = [
  { name: 'cilium', wave: 1, namespace: 'kube-system' },
  { name: 'karpenter', wave: 2, namespace: 'karpenter' },
  { name: 'cert-manager', wave: 2, namespace: 'cert-manager' },
];

function podSpec(o: K8sObject): Record<string, unknown> {
  return (o.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}

function check(byComponent: Record<string, K8sObject[]>, withKarpenter = true) {
  return schedulingCheck(
    renderedFleet([
      {
        components: withKarpenter ? components : components.filter((c) => c.name !== 'karpenter'),
        sources: Object.entries(byComponent).map(([component, objects]) => ({ component, objects })),
      },
    ]),
  );
}

describe('tolerates', () => {
  const taint = { key: 'node-role', value: 'system', effect: 'NoSchedule' as const };
  it('follows the scheduler: Exists without a key tolerates all, Equal compares the value', () => {
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'node-role', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(tolerates({ key: 'node-role', value: 'system' }, taint)).toBe(true);
    expect(tolerates({ key: 'node-role', value: 'general' }, taint)).toBe(false);
    expect(tolerates({ key: 'node-role', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ key: 'CriticalAddonsOnly', operator: 'Exists' }, taint)).toBe(false);
  });
});

describe('schedulingCheck', () => {
  it('accepts early workloads that tolerate the system taint and select system nodes', () => {
    const d = deployment('karpenter', undefined);
    podSpec(d).nodeSelector = { 'kubernetes.io/os': 'linux', 'node-pool': 'system' };
    expect(check({ karpenter: [d], cilium: [deployment('cilium-operator', undefined)] })).toEqual([]);
  });

  it('fails an early DaemonSet without the toleration, naming the wave', () => {
    const ds = { ...deployment('cilium', undefined), kind: 'DaemonSet' };
    podSpec(ds).tolerations = [{ key: 'CriticalAddonsOnly', operator: 'Exists' }];
    expect(check({ cilium: [ds] })).toEqual([
      {
        code: 'untolerated-taint',
        message:
          'the pods cannot run on the system nodes (wave 1: only the system node group exists before Karpenter (wave 2))',
        file: 'clusters/agentic-prod-usw2/components/cilium/values-cilium.yaml',
        cluster: 'agentic-prod-usw2',
        component: 'cilium',
        object: 'apps/v1 DaemonSet kube-system/cilium',
        path: 'spec.template.spec.tolerations',
        expected: 'a toleration of node-role=system:NoSchedule',
        found: '[{"key":"CriticalAddonsOnly","operator":"Exists"}]',
        hint: "add { key: node-role, operator: Equal, value: system, effect: NoSchedule } to the chart's tolerations value",
      },
    ]);
  });

  it("leaves workloads of Karpenter's wave and later alone, except Karpenter itself", () => {
    const noTolerations = (name: string) => {
      const d = deployment(name, undefined);
      delete podSpec(d).tolerations;
      return d;
    };
    const issues = check({
      'cert-manager': [noTolerations('cert-manager')],
      karpenter: [noTolerations('karpenter')],
    });
    expect(issues.map((i) => [i.code, i.component])).toEqual([['untolerated-taint', 'karpenter']]);
  });

  it('checks every wave on a cluster without Karpenter', () => {
    const d = deployment('cert-manager', undefined);
    delete podSpec(d).tolerations;
    expect(check({ 'cert-manager': [d] }, false)).toEqual([
      expect.objectContaining({
        code: 'untolerated-taint',
        message: expect.stringContaining('this cluster has no Karpenter'),
      }),
    ]);
  });

  it('fails a node selector or required affinity the system nodes cannot satisfy', () => {
    const d = deployment('cilium-operator', undefined);
    podSpec(d).nodeSelector = { 'karpenter.sh/capacity-type': 'on-demand' };
    podSpec(d).affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] },
          ],
        },
      },
    };
    expect(check({ cilium: [d] }).map((i) => [i.code, i.path, i.found])).toEqual([
      [
        'unschedulable-selector',
        'spec.template.spec.nodeSelector["karpenter.sh/capacity-type"]',
        'karpenter.sh/capacity-type=on-demand, while the system nodes have no karpenter.sh/capacity-type label',
      ],
      [
        'unschedulable-selector',
        'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
        expect.stringContaining('no term matches the system nodes'),
      ],
    ]);
  });

  it("lets Karpenter's own Application hold pods for the nodes Karpenter provisions", () => {
    const floor = deployment('karpenter-floor-general', undefined);
    delete podSpec(floor).tolerations;
    podSpec(floor).affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'karpenter.sh/nodepool', operator: 'In', values: ['general'] }] },
          ],
        },
      },
    };
    expect(check({ karpenter: [floor] })).toEqual([]);
    expect(check({ cilium: [floor] }).map((i) => i.code)).toEqual([
      'untolerated-taint',
      'unschedulable-selector',
    ]);
  });
});

describe('schedulingCheck: Karpenter NodePools on a Cilium cluster', () => {
  const nodePool = (startupTaints?: unknown[]): K8sObject => ({
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'general' },
    spec: { template: { spec: { ...(startupTaints ? { startupTaints } : {}), requirements: [] } } },
  });

  it("fails a NodePool without Cilium's agent-not-ready startup taint", () => {
    expect(check({ karpenter: [nodePool()] })).toEqual([
      expect.objectContaining({
        code: 'missing-startup-taint',
        component: 'karpenter',
        object: 'karpenter.sh/v1 NodePool general',
        path: 'spec.template.spec.startupTaints',
        expected: 'a startup taint node.cilium.io/agent-not-ready=true:NoExecute',
        found: 'no startupTaints',
      }),
    ]);
    expect(
      check({
        karpenter: [
          nodePool([{ key: 'node.cilium.io/agent-not-ready', value: 'true', effect: 'NoSchedule' }]),
        ],
      }),
    ).toHaveLength(1);
  });

  it('accepts the startup taint, and asks nothing without Cilium', () => {
    const taint = { key: 'node.cilium.io/agent-not-ready', value: 'true', effect: 'NoExecute' };
    expect(check({ karpenter: [nodePool([taint])] })).toEqual([]);
    const noCilium = schedulingCheck(
      renderedFleet([
        {
          components: components.filter((c) => c.name !== 'cilium'),
          sources: [{ component: 'karpenter', objects: [nodePool()] }],
        },
      ]),
    );
    expect(noCilium).toEqual([]);
  });

  it("fails Cilium's hubble-relay when it does not tolerate the system taint (bootstrap deadlock)", () => {
    const relay = deployment('hubble-relay', 'kube-system');
    podSpec(relay).tolerations = [];
    expect(check({ cilium: [relay] })).toEqual([
      expect.objectContaining({
        code: 'untolerated-taint',
        object: 'apps/v1 Deployment kube-system/hubble-relay',
      }),
    ]);
  });
});
