import type { Cluster, EnvironmentName, EnvironmentProfile, Fleet, FleetSettings } from './schema.ts';

/**
 * A fleet as far as it could be parsed: objects whose file failed to parse are missing. Fleet
 * rules run on a draft so that every problem is reported at once, not only the parse errors.
 * A complete {@link Fleet} is a valid draft.
 */
export interface FleetDraft {
  settings?: FleetSettings | undefined;
  environments: Readonly<Partial<Record<EnvironmentName, EnvironmentProfile>>>;
  clusters: readonly Cluster[];
  /** Same keys as {@link Fleet.files}: `fleet`, `environment:<name>`, `cluster:<name>`. */
  files: Readonly<Record<string, string>>;
  /** Source file of each cluster, by index (tells apart two clusters with the same name). */
  clusterFiles?: readonly string[];
  /** Some cluster files did not parse: rules about the set of clusters must not guess. */
  clustersIncomplete?: boolean;
}

/** The file a fleet object was read from, with a conventional fallback. */
export function fileOf(
  fleet: Pick<FleetDraft, 'files' | 'clusterFiles' | 'clusters'>,
  what: { cluster: Cluster } | { environment: EnvironmentName } | 'fleet',
): string {
  if (what === 'fleet') return fleet.files.fleet ?? 'gitops/fleet.yaml';
  if ('environment' in what) {
    return fleet.files[`environment:${what.environment}`] ?? `gitops/environments/${what.environment}.yaml`;
  }
  const index = fleet.clusters.indexOf(what.cluster);
  const byIndex = index >= 0 ? fleet.clusterFiles?.[index] : undefined;
  return (
    byIndex ?? fleet.files[`cluster:${what.cluster.name}`] ?? `gitops/clusters/${what.cluster.name}.yaml`
  );
}

/** Narrows a draft to a complete fleet when nothing is missing. */
export function completeFleet(draft: FleetDraft): Fleet | undefined {
  const { settings, environments } = draft;
  if (!settings || !environments.development || !environments.staging || !environments.production) {
    return undefined;
  }
  return {
    settings,
    environments: {
      development: environments.development,
      staging: environments.staging,
      production: environments.production,
    },
    clusters: draft.clusters,
    files: draft.files,
  };
}
