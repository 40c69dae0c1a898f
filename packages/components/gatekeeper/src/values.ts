import type { ClusterContext, ManagedNamespaceMetadata, TypedLayeredValues } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import type { ChartValues, GatekeeperValues, Targets } from './schema.ts';

export const NAMESPACE = 'gatekeeper-system';

/** The cost labels every namespace carries for cost attribution (docs/decisions.md#managed-namespaces). */
export const REQUIRED_LABELS = ['cost-center', 'layer', 'environment'];

/**
 * The kinds the cost-label constraint matches, which Gatekeeper replicates into its cache
 * (`Config` `spec.sync.syncOnly`) so the audit reads them from there (`auditFromCache`) instead of
 * listing every object from the API server each minute. A kind the constraint matches but the
 * cache lacks would never be audited; the rule `audit-cache-covers-constraint` and the chart test
 * hold the two lists together.
 */
export const AUDITED_KINDS = [
  { group: '', version: 'v1', kind: 'Namespace' },
  { group: 'apps', version: 'v1', kind: 'Deployment' },
  { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', kind: 'DaemonSet' },
];

/** Namespaces the constraint ignores. */
export const EXCLUDED_NAMESPACES = ['kube-system', 'kube-public', NAMESPACE];

/**
 * Namespaces exempt from admission (still audited): kube-system and Argo CD's namespace, so a
 * broken policy can never block the control plane or the tool that repairs it. Every admission
 * engine of the fleet (Kyverno too) exempts the same ones (docs/decisions.md#admission).
 */
export function admissionExemptNamespaces(ctx: Pick<ClusterContext, 'fleet'>): string[] {
  return ['kube-system', ctx.fleet.argocd.namespace];
}

/** Gatekeeper runs 3 webhook replicas in production for HA (docs/decisions.md#replicas). */
export const PRODUCTION_REPLICAS = 3;

/**
 * Kubernetes minors the pinned Gatekeeper is tested on: the v3.23.0 e2e matrix runs 1.31-1.33 and
 * gator 1.35; its policy is compatibility with every upstream-supported minor (docs/decisions.md#kubernetes-version).
 */
export const KUBERNETES_SUPPORT = { min: 31, max: 35 } as const;

/**
 * Admission enforcement per environment: production denies, staging warns at admission (and
 * audits), development only audits (dryrun).
 */
export function enforcementAction(
  env: ClusterContext['environment']['name'],
): ChartValues['requiredLabels']['enforcementAction'] {
  return env === 'production' ? 'deny' : env === 'staging' ? 'warn' : 'dryrun';
}

/** Webhook replicas on a DR standby (scaled down, docs/decisions.md#disaster-recovery): still two, so a drain never stops admission. */
export const DR_REPLICAS = 2;

/** Webhook replicas: max(production minimum, profile) in production, the profile elsewhere. */
export function webhookReplicas(env: ClusterContext['environment']): number {
  return env.name === 'production' ? Math.max(PRODUCTION_REPLICAS, env.replicas) : env.replicas;
}

const spread = (replicas: number) =>
  replicas > 1
    ? [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway' as const,
          labelSelector: {
            matchLabels: { 'control-plane': 'controller-manager', 'gatekeeper.sh/operation': 'webhook' },
          },
        },
      ]
    : [];

const pdbFor = (ctx: ClusterContext, replicas: number) => ({
  controllerManager: { minAvailable: ctx.environment.pdb.enabled ? replicas - 1 : 0 },
});

/**
 * Gatekeeper values per layer (docs/decisions.md#replicas, #admission): resources and audit settings,
 * replicas and PDB per environment, kube-system and Argo CD's namespace exempt from admission so a
 * broken policy can never block the control plane or the tool that repairs it (both still audited).
 */
export function gatekeeperLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const costCenter = ctx.cluster.labels['cost-center'] ?? 'platform-engineering';
  const exempt = admissionExemptNamespaces(ctx);
  const resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } };
  const upstream: GatekeeperValues = {
    replicas: 1,
    auditInterval: 60,
    auditMatchKindOnly: true,
    auditFromCache: true,
    auditChunkSize: 500,
    constraintViolationsLimit: 20,
    logLevel: 'INFO',
    logDenies: false,
    emitAdmissionEvents: false,
    emitAuditEvents: false,
    validatingWebhookTimeoutSeconds: 3,
    validatingWebhookFailurePolicy: 'Ignore',
    commonLabels: { 'cost-center': costCenter, layer: 'l00', environment: env.name },
    controllerManager: { exemptNamespaces: exempt, resources, topologySpreadConstraints: [] },
    audit: { resources },
    pdb: { controllerManager: { minAvailable: 0 } },
    postInstall: { labelNamespace: { extraNamespaces: exempt } },
    upgradeCRDs: { enabled: false },
  };
  const chart: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': costCenter, layer: 'l00' },
    requiredLabels: {
      enforcementAction: 'dryrun',
      labels: REQUIRED_LABELS,
      excludedNamespaces: EXCLUDED_NAMESPACES,
    },
    config: { excludedNamespaces: ['kube-*', NAMESPACE], syncOnly: AUDITED_KINDS.map((k) => ({ ...k })) },
  };
  const replicas = webhookReplicas(env);
  const layers: TypedLayeredValues<Targets> = {
    defaults: { gatekeeper: upstream, chart },
    environment: {
      gatekeeper: {
        replicas,
        pdb: pdbFor(ctx, replicas),
        logDenies: env.name === 'production',
        controllerManager: { topologySpreadConstraints: spread(replicas) },
      },
      chart: { requiredLabels: { enforcementAction: enforcementAction(env.name) } },
    },
  };
  if (isScaledDownStandby(ctx.cluster)) {
    layers.role = {
      gatekeeper: {
        replicas: DR_REPLICAS,
        pdb: pdbFor(ctx, DR_REPLICAS),
        controllerManager: { topologySpreadConstraints: spread(DR_REPLICAS) },
      },
    };
  }
  return layers;
}

/**
 * Labels of gatekeeper-system, which no chart renders (Argo CD creates it with CreateNamespace,
 * docs/decisions.md#managed-namespaces): the cost labels and the restricted Pod Security level its
 * pods pass (enforced, audited and warned like the baseline's namespaces).
 */
export function gatekeeperNamespaceMetadata(ctx: ClusterContext): ManagedNamespaceMetadata {
  return {
    labels: {
      'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering',
      layer: 'l00',
      environment: ctx.environment.name,
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    },
  };
}
