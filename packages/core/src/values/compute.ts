import { didYouMeanHint, type Issue } from '@platform/errors';
import type { ComponentDefinition, LayerName, Values } from '../contract/component.ts';
import { OWN_CHART_TARGET } from '../contract/component.ts';
import { componentContext } from '../contract/component-context.ts';
import type { ClusterContext } from '../contract/context.ts';
import { installWaves } from '../contract/dag.ts';
import { clusterEgress } from '../contract/egress.ts';
import { validateComponentNames } from '../inventory/component-names.ts';
import type { Cluster, ComponentOverrides, Fleet } from '../inventory/schema.ts';
import { runsArgoCd, topologyOf } from '../inventory/topology-rules.ts';
import { zodErrorToIssues } from '../util/zod-to-issues.ts';
import type { ComputedCluster, ComputedComponent } from './computed.ts';
import { mergeWithProvenance } from './merge.ts';
import type { LayerSource, ProvenanceMap, TargetValues } from './provenance.ts';
import { findSecretLiterals } from './secret-scan.ts';

/** The result of the values pipeline: every cluster's computed values, or every problem found. */
export interface ComputeResult {
  clusters: ComputedCluster[];
  issues: Issue[];
}

/** One layer of inventory overrides, with the file it came from. */
interface OverrideLayer {
  layer: LayerName;
  file: string;
  overrides: ComponentOverrides | undefined;
}

function overrideLayers(fleet: Fleet, cluster: Cluster): OverrideLayer[] {
  const region = fleet.settings.regions.find((r) => r.name === cluster.region);
  const fleetFile = fleet.files.fleet ?? 'gitops/fleet.yaml';
  return [
    { layer: 'defaults', file: fleetFile, overrides: fleet.settings.components },
    {
      layer: 'environment',
      file: fleet.files[`environment:${cluster.environment}`] ?? `environment ${cluster.environment}`,
      overrides: fleet.environments[cluster.environment]?.components,
    },
    { layer: 'region', file: fleetFile, overrides: region?.components },
    {
      layer: 'cluster',
      file: fleet.files[`cluster:${cluster.name}`] ?? `cluster ${cluster.name}`,
      overrides: cluster.components,
    },
  ];
}

/** Which components are enabled on a cluster: the component default, then inventory toggles. */
function enabledComponents(
  components: readonly ComponentDefinition[],
  ctx: Pick<ClusterContext, 'environment' | 'cluster' | 'fleet'>,
  layers: readonly OverrideLayer[],
): Set<string> {
  const enabled = new Set<string>();
  for (const c of components) {
    let on = c.enabledByDefault(ctx);
    for (const l of layers) {
      const toggle = l.overrides?.[c.name]?.enabled;
      if (toggle !== undefined) on = toggle;
    }
    if (on) enabled.add(c.name);
  }
  return enabled;
}

function targetsOf(c: ComponentDefinition): string[] {
  return [...c.upstreamCharts.map((u) => u.id), ...(c.chart ? [OWN_CHART_TARGET] : [])];
}

function schemaOf(c: ComponentDefinition, target: string): unknown {
  if (target === OWN_CHART_TARGET) return c.chart?.valuesSchema;
  return c.upstreamCharts.find((u) => u.id === target)?.valuesSchema;
}

const BUILDER_ORDER: readonly Exclude<LayerName, 'cluster'>[] = ['defaults', 'environment', 'region', 'role'];

function mergeTargets(
  c: ComponentDefinition,
  ctx: ClusterContext,
  layers: readonly OverrideLayer[],
  issues: Issue[],
): Record<string, TargetValues> {
  const where = { cluster: ctx.cluster.name, component: c.name };
  const targets = targetsOf(c);
  const built = c.values(ctx);
  const out: Record<string, TargetValues> = {};
  for (const t of targets) out[t] = { values: {}, provenance: new Map() };
  const apply = (
    layer: LayerName,
    source: string,
    perTarget: Partial<Record<string, Values>> | undefined,
  ) => {
    for (const [t, v] of Object.entries(perTarget ?? {})) {
      const tv = out[t];
      if (!v) continue;
      if (!tv) {
        issues.push({
          ...where,
          ...(source.endsWith('.yaml') ? { file: source } : {}),
          code: 'unknown-target',
          path: `components.${c.name}.values.${t}`,
          message: 'unknown values target',
          expected: `one of ${targets.join(', ')}`,
          found: JSON.stringify(t),
          ...didYouMeanHint(t, targets),
        });
        continue;
      }
      mergeWithProvenance(tv.values, v, { layer, source } satisfies LayerSource, tv.provenance);
    }
  };
  for (const layer of BUILDER_ORDER) {
    apply(layer, `component ${c.name} (${layer})`, built[layer]);
    for (const l of layers.filter((x) => x.layer === layer))
      apply(layer, l.file, l.overrides?.[c.name]?.values);
  }
  for (const l of layers.filter((x) => x.layer === 'cluster'))
    apply('cluster', l.file, l.overrides?.[c.name]?.values);
  return out;
}

/** The file that set the value at `path` (or below it), for error messages. */
function fileOf(prov: ProvenanceMap, path: string): string | undefined {
  for (const [p, chain] of prov) {
    if (p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) {
      const src = chain.at(-1)?.source;
      if (src?.endsWith('.yaml')) return src;
    }
  }
  return undefined;
}

function validateTargets(
  c: ComponentDefinition,
  ctx: ClusterContext,
  targets: Record<string, TargetValues>,
): Issue[] {
  const issues: Issue[] = [];
  const where = { cluster: ctx.cluster.name, component: c.name };
  let shapesValid = true;
  const parsed: Record<string, Values> = {};
  for (const [t, tv] of Object.entries(targets)) {
    const schema = schemaOf(c, t) as {
      safeParse: (v: unknown, o?: object) => { success: boolean; data?: unknown; error?: unknown };
    };
    const res = schema.safeParse(tv.values, { reportInput: true });
    parsed[t] = res.data as Values;
    if (!res.success) {
      shapesValid = false;
      for (const i of zodErrorToIssues(res.error as never, schema as never, where)) {
        const inner = i.path ?? '';
        const file = fileOf(tv.provenance, inner);
        const path = inner.startsWith('[') || inner === '' ? `${t}${inner}` : `${t}.${inner}`;
        issues.push({ ...i, path, ...(file ? { file } : {}) });
      }
    }
    for (const s of findSecretLiterals(tv.values, t)) {
      const file = fileOf(tv.provenance, s.path.slice(t.length + 1));
      issues.push({
        ...where,
        ...(file ? { file } : {}),
        code: 'secret-literal',
        path: s.path,
        message: `looks like a secret (${s.kind})`,
        expected: 'a reference to a secret delivered by an ExternalSecret',
        found: 'a literal value',
        hint: 'Store it in Vault and reference it through an ExternalSecret; never commit secrets to values.',
      });
    }
  }
  // Cross-field rules assume values of the right shape: they run once the schemas pass, so a
  // typo is reported once, as a typo.
  if (!shapesValid) return issues;
  // Rules get each target as its schema parsed it (the output type defineComponent promises).
  for (const rule of c.rules) {
    for (const v of rule.check(parsed, ctx) ?? []) {
      issues.push({ ...where, code: `rule:${rule.id}`, message: rule.description, ...v });
    }
  }
  return issues;
}

/**
 * The values pipeline: for every cluster, which components are enabled, their values per
 * layer merged with provenance, validated by the components' strict schemas and rules.
 * Collects every problem of every cluster; never throws on bad input.
 */
export function computeFleet(
  fleet: Fleet,
  components: readonly ComponentDefinition[],
  only?: { clusters?: readonly string[]; environments?: readonly string[] },
): ComputeResult {
  // Unknown names in any `components:` map, once per place written (not once per cluster).
  const issues: Issue[] = validateComponentNames(
    fleet,
    components.map((c) => c.name),
  );
  const dag = installWaves(components);
  issues.push(...dag.issues);
  const byName = new Map(components.map((c) => [c.name, c]));
  const clusters: ComputedCluster[] = [];
  const selected = [...fleet.clusters]
    .filter((c) => !only?.clusters?.length || only.clusters.includes(c.name))
    .filter((c) => !only?.environments?.length || only.environments.includes(c.environment))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const cluster of selected) {
    const environment = fleet.environments[cluster.environment];
    const region = fleet.settings.regions.find((r) => r.name === cluster.region);
    if (!environment || !region) continue; // reported by fleet validation
    const layers = overrideLayers(fleet, cluster);
    const enabled = enabledComponents(components, { environment, cluster, fleet: fleet.settings }, layers);
    const base: ClusterContext = {
      cluster,
      environment,
      region,
      fleet: fleet.settings,
      enabledComponents: enabled,
      managedClusters: !runsArgoCd(fleet.settings, cluster)
        ? 0
        : topologyOf(fleet.settings) === 'hub'
          ? fleet.clusters.length
          : 1,
      environmentPeers: fleet.clusters
        .filter((c) => c.environment === cluster.environment && c.name !== cluster.name)
        .map(({ name, region, role }) => ({ name, region, role }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
    const egress = clusterEgress(fleet, cluster, region, components, base);
    issues.push(...egress.issues);
    const ctx: ClusterContext = { ...base, egress: egress.egress };
    const computed: ComputedComponent[] = [];
    for (const c of components) {
      if (!enabled.has(c.name)) continue;
      for (const d of c.dependsOn) {
        if (byName.has(d) && !enabled.has(d)) {
          issues.push({
            code: 'missing-dependency',
            cluster: cluster.name,
            component: c.name,
            path: `components.${d}.enabled`,
            message: `${c.name} depends on ${d}, which is disabled on this cluster`,
            expected: 'true',
            found: 'false',
            hint: `Enable ${d} or disable ${c.name} on ${cluster.name}.`,
          });
        }
      }
      const own = componentContext(c, ctx);
      const targets = mergeTargets(c, own, layers, issues);
      issues.push(...validateTargets(c, own, targets));
      computed.push({ definition: c, targets, wave: dag.waves.get(c.name) ?? 0 });
    }
    computed.sort((a, b) => a.wave - b.wave || a.definition.name.localeCompare(b.definition.name));
    clusters.push({ context: ctx, components: computed });
  }
  return { clusters, issues };
}
