import type { ComponentDefinition, Values } from './contract/component.ts';
import { withOverridesOnlyFor } from './inventory/component-names.ts';
import { loadFleet } from './inventory/load-fleet.ts';
import type { Fleet } from './inventory/schema.ts';

/**
 * Helpers for the tests of component packages (`@platform/core/testing`): compute one component
 * of the real fleet next to stand-ins of the components it depends on.
 */

/** A stand-in for another component: only its name (and whether it is enabled) matters. */
export function standIn(
  name: string,
  enabledByDefault: ComponentDefinition['enabledByDefault'] = () => true,
): ComponentDefinition {
  return {
    name,
    namespace: name,
    description: 'stand-in',
    upstreamCharts: [],
    dependsOn: [],
    enabledByDefault,
    values: () => ({}),
    rules: [],
  };
}

/**
 * The inventory in `gitopsDir`, with its `components:` overrides narrowed to the components a
 * test computes (and `alsoKeep`): the others' overrides are not typos there.
 */
export async function loadFleetFor(
  gitopsDir: string,
  components: readonly ComponentDefinition[],
  alsoKeep: readonly string[] = [],
): Promise<Fleet> {
  return withOverridesOnlyFor(await loadFleet(gitopsDir), [...components.map((c) => c.name), ...alsoKeep]);
}

/**
 * The fleet with one cluster's override of one component: its values per target and, when
 * given, its toggle. The cluster's other component overrides are kept.
 */
export function withClusterOverride(
  fleet: Fleet,
  cluster: string,
  component: string,
  values: Record<string, Values>,
  enabled?: boolean,
): Fleet {
  return {
    ...fleet,
    clusters: fleet.clusters.map((c) =>
      c.name === cluster
        ? {
            ...c,
            components: {
              ...c.components,
              [component]: { values, ...(enabled === undefined ? {} : { enabled }) },
            },
          }
        : c,
    ),
  };
}

/**
 * The fleet with the DR cluster `name` activated (`drActive: true`) and its node pools raised to
 * those of the primary of its environment, as the runbook does (docs/decisions.md#disaster-recovery).
 */
export function activateDr(fleet: Fleet, name: string): Fleet {
  const dr = fleet.clusters.find((c) => c.name === name);
  const primary = fleet.clusters.find((c) => c.environment === dr?.environment && c.role === 'primary');
  if (dr?.role !== 'dr' || !primary) throw new Error(`${name} is not a dr cluster with a primary`);
  return {
    ...fleet,
    clusters: fleet.clusters.map((c) =>
      c.name === name ? { ...c, drActive: true, nodePools: structuredClone(primary.nodePools) } : c,
    ),
  };
}
