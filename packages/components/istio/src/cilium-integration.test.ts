import cilium from '@platform/component-cilium';
import crds from '@platform/component-prometheus-operator-crds';
import { computeFleet, type Fleet, type Values } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultFleet, stub, withOverride } from './__fixtures__/fleet.ts';
import istio from './index.ts';

/** Istio's other dependencies, only their names matter here. */
const DEPENDENCY_STUBS = [
  stub('metrics-server'),
  stub('aws-load-balancer-controller'),
  // Istio integrates cert-manager, so the fleet declares it; off, as only Cilium's values matter.
  stub('cert-manager', () => false),
];

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

function ciliumValues(f: Fleet, cluster: string) {
  const { clusters, issues } = computeFleet(f, [crds, cilium, istio, ...DEPENDENCY_STUBS]);
  const cc = clusters.find((c) => c.context.cluster.name === cluster)!;
  const values = cc.components.find((c) => c.definition.name === 'cilium')!.targets.cilium!.values as Values;
  return { issues, values, istio: cc.context.enabledComponents.has('istio') };
}

describe('Cilium values follow Istio on each cluster, both ways', () => {
  it('sets socketLB.hostNamespaceOnly and cni.exclusive false where Istio is on (staging, production, DR)', () => {
    for (const c of ['agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
      const r = ciliumValues(fleet, c);
      expect(r.issues).toEqual([]);
      expect(r.istio).toBe(true);
      expect(r.values).toMatchObject({ socketLB: { hostNamespaceOnly: true }, cni: { exclusive: false } });
    }
  });

  it('leaves them unset where Istio is off (development by default, or a cluster that turns it off)', () => {
    const dev = ciliumValues(fleet, 'agentic-dev-usw2');
    expect(dev.istio).toBe(false);
    expect(dev.values.socketLB).toBeUndefined();
    expect(dev.values.cni).toBeUndefined();
    const off = ciliumValues(withOverride(fleet, 'agentic-stg-usw2', {}, false), 'agentic-stg-usw2');
    expect(off.issues).toEqual([]);
    expect([off.istio, off.values.socketLB, off.values.cni]).toEqual([false, undefined, undefined]);
  });

  it('sets them when a development cluster turns Istio on', () => {
    const on = ciliumValues(withOverride(fleet, 'agentic-dev-usw2', {}, true), 'agentic-dev-usw2');
    expect(on.issues).toEqual([]);
    expect(on.values).toMatchObject({ socketLB: { hostNamespaceOnly: true }, cni: { exclusive: false } });
  });

  it('rejects Istio on a cluster whose Cilium settings forbid it', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: { cilium: { values: { cilium: { socketLB: { hostNamespaceOnly: false } } } } },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, [crds, cilium, istio, ...DEPENDENCY_STUBS]);
    expect(issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-prod-usw2',
        component: 'cilium',
        code: 'rule:istio-integration',
        path: 'cilium.socketLB.hostNamespaceOnly',
      }),
    ]);
  });
});
