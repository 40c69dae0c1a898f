import type { z } from 'zod';
import type { ClusterContext } from './context.ts';
import type { EgressAllow } from './egress.ts';

/**
 * The layers of the values precedence, lowest first (docs/decisions.md#values-layers). Objects merge deeply,
 * arrays replace; every leaf remembers the layer that set it.
 */
export const LAYERS = ['defaults', 'environment', 'region', 'role', 'cluster'] as const;
export type LayerName = (typeof LAYERS)[number];

/** A plain JSON-like values object. */
export type Values = { [key: string]: unknown };

/** An upstream Helm chart a component installs, pinned to an exact version. */
export interface UpstreamChart {
  /**
   * Key of this chart's values inside the component (and the values file stem suffix):
   * the main upstream chart is usually the component name, e.g. `cilium`.
   */
  id: string;
  /** `https://...` Helm repository or `oci://registry/path` (without the chart name). */
  repoURL: string;
  /** Chart name in that repository. */
  chart: string;
  /** Exact version (no ranges). */
  version: string;
  /** Helm release name; defaults to `id`. */
  releaseName?: string;
  /** Strict zod schema of the values we set on this chart. */
  valuesSchema: z.ZodType;
}

/** Our own chart for a component, in `charts/<name>`. */
export interface OwnChart {
  /** Strict zod schema of our chart's values; `values.schema.json` is generated from it. */
  valuesSchema: z.ZodType;
  /** Helm release name; defaults to `<component>-config`. */
  releaseName?: string;
}

/**
 * The values a component contributes for one cluster, per layer and per target
 * (`upstream chart id` or `chart` for our own chart). Each layer is a partial overlay.
 */
export type LayeredValues = Partial<Record<Exclude<LayerName, 'cluster'>, Partial<Record<string, Values>>>>;

/** A cross-field rule: evaluated after merging; all rules run and every failure is reported. */
export interface ComponentRule {
  id: string;
  /** What must hold, in words (used in the message). */
  description: string;
  /**
   * Returns undefined when the rule holds, or the problems: the dotted path (prefixed with the
   * target, e.g. `cilium.hubble.relay.replicas`), what was expected and what was found.
   */
  check: (values: Readonly<Record<string, Values>>, ctx: ClusterContext) => RuleViolation[] | undefined;
}

export interface RuleViolation {
  path: string;
  expected: string;
  found: string;
  hint?: string;
}

/** Argo CD settings of the generated Application for this component. */
export interface ComponentSyncOptions {
  /** The chart ships many or large CRDs: sync with `ServerSideApply=true`. */
  serverSideApply?: boolean;
  /** Never let Argo CD prune this component's resources automatically (a CNI, for example). */
  disablePrune?: boolean;
  /**
   * Fields of the rendered objects that a controller rewrites after Argo CD applied them (a
   * webhook's caBundle injected by cert-manager, a failurePolicy Istio flips once it is ready).
   * Argo CD ignores them in the diff and, with `RespectIgnoreDifferences=true`, when it syncs,
   * so self-heal does not fight the controller forever.
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/
   */
  ignoreDifferences?: readonly IgnoreDifference[];
  /**
   * Labels (and annotations) of the namespace `CreateNamespace=true` creates, for a component
   * whose namespace no chart renders (Gatekeeper's own): Argo CD writes them as the Application's
   * `syncPolicy.managedNamespaceMetadata`, so the namespace gets its Pod Security level and cost
   * labels (docs/decisions.md#managed-namespaces).
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#namespace-auto-creation
   */
  managedNamespaceMetadata?: (ctx: ClusterContext) => ManagedNamespaceMetadata;
}

/** `syncPolicy.managedNamespaceMetadata` of an Application. */
export interface ManagedNamespaceMetadata {
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
}

/** One Argo CD `ignoreDifferences` entry of an Application. */
export interface IgnoreDifference {
  group: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: readonly string[];
  jqPathExpressions?: readonly string[];
}

/** A Kubernetes API group and kind; the core group is `''`. */
export interface GroupKind {
  group: string;
  kind: string;
}

/**
 * What a component's Application creates, declared so that the cluster's AppProject can be
 * written before anything renders: Argo CD refuses to sync a kind the project does not list and
 * an object in a namespace the project's destinations do not permit. The fleet check `argoProject`
 * proves on the rendered charts that the declaration covers everything they create.
 */
export interface ComponentResources {
  /** Cluster-scoped kinds the component's charts render (CRDs, ClusterRoles, webhooks, ...). */
  cluster: readonly GroupKind[];
  /** Namespaced kinds the component's charts render. */
  namespaced: readonly GroupKind[];
  /**
   * Namespaces, besides `namespace`, the charts write objects into; computed from the merged
   * values per target (e.g. the namespaces a baseline chart creates and fills).
   */
  extraNamespaces?: (values: Readonly<Record<string, Values>>, ctx: ClusterContext) => readonly string[];
}

/**
 * A platform component: one package under `packages/components/<name>` default-exports one.
 * The emitter and the command line only ever see this contract.
 */
export interface ComponentDefinition {
  /** DNS-1123 name; the same string as the chart folder `charts/<name>`. */
  name: string;
  /** Namespace the component is installed into. */
  namespace: string;
  /** One-line description for the generated README. */
  description: string;
  /** Upstream charts, installed in this order inside the component's Application. */
  upstreamCharts: readonly UpstreamChart[];
  /** Our chart, when the component has one. */
  chart?: OwnChart;
  /** Components that must be installed (and healthy) before this one. Must form a DAG. */
  dependsOn: readonly string[];
  /**
   * Soft integrations: other components whose presence this one's values or rules look at
   * (`ctx.enabledComponents.has(name)`) without needing them installed first, e.g. ServiceMonitors
   * where observability runs. The command line checks the names against every component it
   * discovers (a smaller set, a test's, may leave them out), and asking about a component
   * declared in neither list throws, so every cross-component switch is visible here. `'any'`
   * is for a component that follows whatever runs (the namespace baseline).
   */
  integrates?: readonly string[] | 'any';
  /** Enabled on a cluster unless the inventory says otherwise; may depend on the environment. */
  enabledByDefault: (
    ctx: Pick<ClusterContext, 'environment' | 'cluster'> & Partial<Pick<ClusterContext, 'fleet'>>,
  ) => boolean;
  /** Pure builder: cluster context -> values per layer and target. */
  values: (ctx: ClusterContext) => LayeredValues;
  /** Cross-field rules, evaluated on the merged values. */
  rules: readonly ComponentRule[];
  sync?: ComponentSyncOptions;
  /** What the Application creates; without it the AppProject permits nothing beyond the namespace. */
  resources?: ComponentResources;
  /**
   * The external endpoints the component's pods call (AWS APIs, Vault, ACME, chat services): in
   * strict network-policy mode nothing else may leave the cluster (docs/decisions.md#network-policy).
   * The EKS Pod Identity agent of its `POD_IDENTITY_ROLES` is added on its own.
   */
  egress?: (ctx: ClusterContext) => readonly EgressAllow[];
}

/** The target key of our own chart's values inside LayeredValues. */
export const OWN_CHART_TARGET = 'chart';

/** The values schemas of a component's targets: upstream chart ids and `chart` for our own. */
export type TargetSchemas = { readonly [target: string]: z.ZodType };

/** A nested partial: a layer may set any subset of a target's values; arrays replace whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** LayeredValues whose targets are those of the component, each typed by its schema's input. */
export type TypedLayeredValues<T extends TargetSchemas> = Partial<
  Record<Exclude<LayerName, 'cluster'>, { [K in keyof T]?: DeepPartial<z.input<T[K]>> }>
>;

/** The merged values of every target, parsed by the target's schema. */
export type ParsedTargets<T extends TargetSchemas> = { readonly [K in keyof T]: z.output<T[K]> };

/** A ComponentRule that receives each target's values as its schema's parsed output type. */
export interface TypedComponentRule<T extends TargetSchemas> extends Omit<ComponentRule, 'check'> {
  check: (values: ParsedTargets<T>, ctx: ClusterContext) => RuleViolation[] | undefined;
}

type UpstreamTargets<U extends readonly UpstreamChart[]> = {
  [E in U[number] as E['id']]: E['valuesSchema'];
};
type OwnTarget<C> = C extends { valuesSchema: infer S extends z.ZodType } ? { chart: S } : unknown;

/** The targets of a component: its upstream charts by id, plus `chart` when it has one. */
export type TargetsOf<U extends readonly UpstreamChart[], C> = UpstreamTargets<U> & OwnTarget<C>;

/**
 * A component whose targets are declared with their schemas: the values builder must return
 * each target's schema input type and the rules receive each target's parsed output, so neither
 * needs a cast. The result is the plain ComponentDefinition the emitter and command line see.
 */
export function defineComponent<
  const U extends readonly UpstreamChart[],
  C extends OwnChart | undefined = undefined,
>(
  definition: Omit<ComponentDefinition, 'upstreamCharts' | 'chart' | 'values' | 'rules'> & {
    upstreamCharts: U;
    chart?: C;
    values: (ctx: ClusterContext) => TypedLayeredValues<TargetsOf<U, C>>;
    rules: readonly TypedComponentRule<TargetsOf<U, C>>[];
  },
): ComponentDefinition {
  return definition as unknown as ComponentDefinition;
}
