import type { Issue } from '@platform/errors';
import { didYouMeanHint } from '@platform/errors';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import type { ComponentOverrides, Fleet } from './schema.ts';

/** One `components:` map of the inventory and where it is. */
interface OverrideSite {
  overrides: ComponentOverrides | undefined;
  file: string;
  /** Dotted path of the map, e.g. `components` or `regions[1].components`. */
  path: string;
  cluster?: string;
}

function sites(fleet: Fleet | FleetDraft): OverrideSite[] {
  const fleetFile = fileOf(fleet, 'fleet');
  return [
    { overrides: fleet.settings?.components, file: fleetFile, path: 'components' },
    ...(fleet.settings?.regions ?? []).map((r, i) => ({
      overrides: r.components,
      file: fleetFile,
      path: `regions[${i}].components`,
    })),
    ...(['development', 'staging', 'production'] as const).map((e) => ({
      overrides: fleet.environments[e]?.components,
      file: fileOf(fleet, { environment: e }),
      path: 'components',
    })),
    ...fleet.clusters.map((c) => ({
      overrides: c.components,
      file: fileOf(fleet, { cluster: c }),
      path: 'components',
      cluster: c.name,
    })),
  ];
}

/**
 * Checks that every component named in a `components:` override (fleet, region, environment
 * and cluster level) is a known component: one issue per unknown name where it is written (a
 * typo in a region's map is reported even when no cluster runs there), with the known names and
 * a "Did you mean" hint. computeFleet calls it with the names of the components it computes.
 */
export function validateComponentNames(fleet: Fleet | FleetDraft, knownNames: Iterable<string>): Issue[] {
  const known = [...new Set(knownNames)].sort();
  return sites(fleet).flatMap((site) =>
    Object.keys(site.overrides ?? {})
      .filter((name) => !known.includes(name))
      .map(
        (name): Issue => ({
          code: 'unknown-component',
          file: site.file,
          ...(site.cluster !== undefined ? { cluster: site.cluster } : {}),
          path: `${site.path}.${name}`,
          message: 'unknown component',
          expected: known.length > 0 ? `one of ${known.join(', ')}` : 'no components are registered',
          found: JSON.stringify(name),
          ...didYouMeanHint(name, known),
        }),
      ),
  );
}

function pick(overrides: ComponentOverrides | undefined, keep: ReadonlySet<string>) {
  if (overrides === undefined) return undefined;
  return Object.fromEntries(Object.entries(overrides).filter(([name]) => keep.has(name)));
}

/**
 * The fleet with its `components:` overrides (fleet, region, environment and cluster level)
 * narrowed to the named components. For computing part of the registry, e.g. one component and
 * stand-ins of its dependencies in that component's tests: overrides of the other registered
 * components are not typos there, but computeFleet would report them as unknown.
 */
export function withOverridesOnlyFor(fleet: Fleet, names: Iterable<string>): Fleet {
  const keep = new Set(names);
  return {
    ...fleet,
    settings: {
      ...fleet.settings,
      components: pick(fleet.settings.components, keep),
      regions: fleet.settings.regions.map((r) => ({ ...r, components: pick(r.components, keep) })),
    },
    environments: Object.fromEntries(
      Object.entries(fleet.environments).map(([n, e]) => [n, { ...e, components: pick(e.components, keep) }]),
    ) as Fleet['environments'],
    clusters: fleet.clusters.map((c) => ({ ...c, components: pick(c.components, keep) })),
  };
}
