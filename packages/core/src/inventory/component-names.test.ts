import { describe, expect, it } from 'vitest';
import { DEFAULT_GITOPS } from './__fixtures__/tmp-fleet.ts';
import { validateComponentNames, withOverridesOnlyFor } from './component-names.ts';
import { loadFleet } from './load-fleet.ts';
import type { Fleet } from './schema.ts';

const KNOWN = ['cilium', 'cert-manager', 'external-secrets', 'observability', 'opencost'];

describe('validateComponentNames', () => {
  it('accepts the default fleet and known names', async () => {
    const fleet = await loadFleet(DEFAULT_GITOPS);
    expect(validateComponentNames(fleet, KNOWN)).toEqual([]);
  });

  it('reports unknown names at fleet, region, environment and cluster level with did-you-mean', async () => {
    const base = await loadFleet(DEFAULT_GITOPS);
    const fleet: Fleet = {
      ...base,
      settings: {
        ...base.settings,
        components: { cillium: { enabled: true } },
        regions: base.settings.regions.map((r, i) =>
          i === 1 ? { ...r, components: { 'cert-manger': {} } } : r,
        ),
      },
      environments: {
        ...base.environments,
        staging: { ...base.environments.staging, components: { observability: {}, grafana: {} } },
      },
      clusters: base.clusters.map((c) =>
        c.name === 'agentic-dr-use1' ? { ...c, components: { 'external-secret': { enabled: false } } } : c,
      ),
    };
    expect(validateComponentNames(fleet, KNOWN)).toEqual([
      expect.objectContaining({
        code: 'unknown-component',
        file: 'gitops/fleet.yaml',
        path: 'components.cillium',
        hint: 'Did you mean "cilium"?',
        expected: 'one of cert-manager, cilium, external-secrets, observability, opencost',
      }),
      expect.objectContaining({
        code: 'unknown-component',
        file: 'gitops/fleet.yaml',
        path: 'regions[1].components.cert-manger',
        hint: 'Did you mean "cert-manager"?',
      }),
      expect.objectContaining({
        code: 'unknown-component',
        file: 'gitops/environments/staging.yaml',
        path: 'components.grafana',
        found: '"grafana"',
      }),
      expect.objectContaining({
        code: 'unknown-component',
        file: 'gitops/clusters/agentic-dr-use1.yaml',
        cluster: 'agentic-dr-use1',
        path: 'components.external-secret',
        hint: 'Did you mean "external-secrets"?',
      }),
    ]);
  });
});

describe('withOverridesOnlyFor', () => {
  it('keeps the overrides of the named components at every level and drops the others', async () => {
    const loaded = await loadFleet(DEFAULT_GITOPS);
    const base: Fleet = {
      ...loaded,
      settings: { ...loaded.settings, components: { cilium: {}, opencost: { enabled: false } } },
      environments: {
        ...loaded.environments,
        production: { ...loaded.environments.production, components: { istio: {} } },
      },
      clusters: loaded.clusters.map((c, i) =>
        i === 0 ? { ...c, components: { cilium: {}, karpenter: {} } } : c,
      ),
    };
    const narrowed = withOverridesOnlyFor(base, ['cilium']);
    expect(Object.keys(narrowed.settings.components ?? {})).toEqual(['cilium']);
    expect(Object.keys(narrowed.environments.production.components ?? {})).toEqual([]);
    expect(narrowed.clusters.map((c) => Object.keys(c.components ?? {}))).toEqual(
      base.clusters.map((c) => Object.keys(c.components ?? {}).filter((n) => n === 'cilium')),
    );
    // the input is not changed
    expect(Object.keys(base.settings.components ?? {}).sort()).toEqual(['cilium', 'opencost']);
  });
});
