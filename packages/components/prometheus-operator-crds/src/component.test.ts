import { join, resolve } from 'node:path';
import { type ComponentDefinition, computeFleet, loadFleet, withOverridesOnlyFor } from '@platform/core';
import { describe, expect, it } from 'vitest';
import crds, { CRD_NAMES, crdsValues } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

/** A component that ships a ServiceMonitor and so needs the CRDs first. */
const consumer: ComponentDefinition = {
  name: 'consumer',
  namespace: 'consumer',
  description: 'stand-in',
  upstreamCharts: [],
  dependsOn: ['prometheus-operator-crds'],
  enabledByDefault: () => true,
  values: () => ({}),
  rules: [],
};

describe('prometheus-operator-crds', () => {
  it('pins the CRD chart of the operator that kube-prometheus-stack 88.5.3 runs, synced server-side, never pruned', () => {
    expect(crds).toMatchObject({
      name: 'prometheus-operator-crds',
      namespace: 'kube-system',
      dependsOn: [],
      sync: { serverSideApply: true, disablePrune: true },
      upstreamCharts: [
        {
          repoURL: 'https://prometheus-community.github.io/helm-charts',
          chart: 'prometheus-operator-crds',
          version: '31.0.1',
        },
      ],
    });
  });

  it('installs every CRD on every cluster in the first wave, before the components that use them', async () => {
    const fleet = withOverridesOnlyFor(await loadFleet(join(ROOT, 'gitops')), ['prometheus-operator-crds']);
    const { clusters, issues } = computeFleet(fleet, [crds, consumer]);
    expect(issues).toEqual([]);
    expect(clusters).toHaveLength(fleet.clusters.length);
    for (const cc of clusters) {
      const [c, user] = ['prometheus-operator-crds', 'consumer'].map(
        (n) => cc.components.find((x) => x.definition.name === n)!,
      );
      expect(c!.wave).toBe(0);
      expect(user!.wave).toBe(1);
      const values = c!.targets['prometheus-operator-crds']!.values as {
        crds: Record<string, { enabled: boolean }>;
      };
      expect(Object.keys(values.crds).sort()).toEqual([...CRD_NAMES].sort());
      expect(Object.values(values.crds).every((t) => t.enabled)).toBe(true);
    }
  });

  it('rejects a misspelt CRD name and an unknown key', () => {
    const r = crdsValues.safeParse({
      crds: {
        ...Object.fromEntries(CRD_NAMES.map((n) => [n, { enabled: true }])),
        servicemonitor: { enabled: true },
      },
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('servicemonitor');
  });

  it('a component that needs the CRDs cannot run where they are switched off', async () => {
    const fleet = withOverridesOnlyFor(await loadFleet(join(ROOT, 'gitops')), ['prometheus-operator-crds']);
    const off = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-stg-usw2'
          ? { ...c, components: { 'prometheus-operator-crds': { enabled: false } } }
          : c,
      ),
    };
    const { issues } = computeFleet(off, [crds, consumer]);
    expect(issues.map((i) => [i.cluster, i.component, i.path])).toEqual([
      ['agentic-stg-usw2', 'consumer', 'components.prometheus-operator-crds.enabled'],
    ]);
  });
});
