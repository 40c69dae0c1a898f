import type { ComputedCluster, ComputedComponent, FleetSettings, GroupKind } from '@platform/core';
import { gitopsBranch, OWN_CHART_TARGET } from '@platform/core';
import { applicationSetFile, appsDir, chartDir, valuesFile } from './paths.ts';

/** Label carrying a generated Application's install wave (RollingSync steps match on it). */
export const WAVE_LABEL = 'platform.gitops/wave';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const RETRY = { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } };

type Obj = Record<string, unknown>;

/** Argo CD wants Helm OCI repositories without the scheme (registered with enableOCI). */
export function argoRepoURL(repoURL: string): string {
  return repoURL.replace(/^oci:\/\//, '');
}

function labels(cc: ComputedCluster): Record<string, string> {
  const c = cc.context.cluster;
  return {
    'app.kubernetes.io/managed-by': 'gen-gitops',
    'platform.gitops/cluster': c.name,
    'platform.gitops/environment': c.environment,
    'platform.gitops/region': c.region,
  };
}

/** The branch of the GitOps repository this cluster's Applications read (the one the publisher writes). */
function revision(cc: ComputedCluster, fleet: FleetSettings): string {
  return gitopsBranch(fleet, cc.context.environment);
}

function syncPolicy(cc: ComputedCluster, comp?: ComputedComponent): Obj {
  const sync = cc.context.environment.sync;
  // The root Application writes into Argo CD's own namespace, which exists: creating it would need
  // Namespace in the bootstrap project's whitelist.
  const options = comp ? ['CreateNamespace=true'] : [];
  if (comp?.definition.sync?.serverSideApply) options.push('ServerSideApply=true');
  return {
    ...(sync.automated
      ? { automated: { prune: sync.prune && !comp?.definition.sync?.disablePrune, selfHeal: sync.selfHeal } }
      : {}),
    ...(options.length > 0 ? { syncOptions: options } : {}),
    retry: RETRY,
  };
}

/** The project of a cluster's root Application, applied by hand before it. */
export function bootstrapProjectName(cluster: string): string {
  return `${cluster}-bootstrap`;
}

/** Sync wave of the cluster's AppProject: before its ApplicationSet, which needs it. */
export const PROJECT_WAVE = '-1';

/**
 * The project of a cluster's root Application, applied with it from `bootstrap/` so that it
 * exists before the root Application (the cluster's own project is synced by that root
 * Application). It permits only what the root Application creates: the cluster's AppProject and
 * ApplicationSet, in Argo CD's namespace, from the GitOps repository.
 */
export function bootstrapProject(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: bootstrapProjectName(c.name), namespace: fleet.argocd.namespace, labels: labels(cc) },
    spec: {
      description: `Root Application of ${c.name}: its AppProject and ApplicationSet only`,
      sourceRepos: [fleet.gitops.repoURL],
      destinations: [{ server: IN_CLUSTER, namespace: fleet.argocd.namespace }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'ApplicationSet' },
      ],
    },
  };
}

/** The root Application (app of apps) of a cluster: syncs its apps/ folder. */
export function rootApplication(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const name = cc.context.cluster.name;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${name}-root`,
      namespace: fleet.argocd.namespace,
      labels: labels(cc),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: bootstrapProjectName(name),
      source: {
        repoURL: fleet.gitops.repoURL,
        targetRevision: revision(cc, fleet),
        path: appsDir(name),
      },
      destination: { server: IN_CLUSTER, namespace: fleet.argocd.namespace },
      syncPolicy: syncPolicy(cc),
    },
  };
}

function groupKinds(list: Iterable<GroupKind>): GroupKind[] {
  const byKey = new Map<string, GroupKind>();
  for (const gk of list) byKey.set(`${gk.group}/${gk.kind}`, { group: gk.group, kind: gk.kind });
  return [...byKey].sort(([a], [b]) => a.localeCompare(b)).map(([, gk]) => gk);
}

/** Every namespace a component's Application writes into: its own and the ones it declares. */
export function componentNamespaces(cc: ComputedCluster, comp: ComputedComponent): string[] {
  const values = Object.fromEntries(Object.entries(comp.targets).map(([t, tv]) => [t, tv.values]));
  const extra = comp.definition.resources?.extraNamespaces?.(values, cc.context) ?? [];
  return [...new Set([comp.definition.namespace, ...extra])].sort();
}

/**
 * The AppProject of a cluster, least privilege: only the cluster's API server (never the hub's
 * own namespaces), only the namespaces and kinds its components declare, only the repositories
 * they use. `Namespace` is always listed because every Application syncs with CreateNamespace.
 */
export function appProject(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  const repos = new Set([fleet.gitops.repoURL]);
  for (const comp of cc.components)
    for (const u of comp.definition.upstreamCharts) repos.add(argoRepoURL(u.repoURL));
  const namespaces = [...new Set(cc.components.flatMap((x) => componentNamespaces(cc, x)))].sort();
  const declared = cc.components.map((x) => x.definition.resources);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: {
      name: c.name,
      namespace: fleet.argocd.namespace,
      labels: labels(cc),
      annotations: { 'argocd.argoproj.io/sync-wave': PROJECT_WAVE },
    },
    spec: {
      description: `Platform components of ${c.name} (${c.environment}, ${c.region}, ${c.role})`,
      sourceRepos: [...repos].sort(),
      destinations: namespaces.map((namespace) => ({ server: c.destination.server, namespace })),
      clusterResourceWhitelist: groupKinds([
        { group: '', kind: 'Namespace' },
        ...declared.flatMap((r) => r?.cluster ?? []),
      ]),
      namespaceResourceWhitelist: groupKinds(declared.flatMap((r) => r?.namespaced ?? [])),
    },
  };
}

function sources(cc: ComputedCluster, comp: ComputedComponent, fleet: FleetSettings): Obj[] {
  const cluster = cc.context.cluster.name;
  const def = comp.definition;
  const rev = revision(cc, fleet);
  const out: Obj[] = def.upstreamCharts.map((u) => ({
    repoURL: argoRepoURL(u.repoURL),
    chart: u.chart,
    targetRevision: u.version,
    helm: {
      releaseName: u.releaseName ?? u.id,
      valueFiles: [`$values/${valuesFile(cluster, def.name, u.id)}`],
    },
  }));
  if (def.chart) {
    out.push({
      repoURL: fleet.gitops.repoURL,
      targetRevision: rev,
      path: chartDir(def.name),
      helm: {
        releaseName: def.chart.releaseName ?? `${def.name}-config`,
        valueFiles: [`$values/${valuesFile(cluster, def.name, OWN_CHART_TARGET)}`],
      },
    });
  }
  out.push({ repoURL: fleet.gitops.repoURL, targetRevision: rev, ref: 'values' });
  return out;
}

/**
 * One ApplicationSet per cluster. The list generator yields one element per enabled component,
 * carrying its sources and sync policy; `templatePatch` puts them into the Application because
 * the number of sources differs per component. Install order: every Application is labelled
 * with its wave from the dependency DAG; where Argo CD syncs automatically (development and
 * staging) a RollingSync strategy syncs wave after wave, each waiting for the previous one to be
 * healthy. Production syncs by hand: the waves (README, sync-wave annotation) give the order.
 */
export function applicationSet(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  const waves = [...new Set(cc.components.map((x) => x.wave))].sort((a, b) => a - b);
  const elements = cc.components.map((comp) => ({
    component: comp.definition.name,
    namespace: comp.definition.namespace,
    wave: String(comp.wave),
    sources: sources(cc, comp, fleet),
    syncPolicy: syncPolicy(cc, comp),
  }));
  const strategy = cc.context.environment.sync.automated
    ? {
        type: 'RollingSync',
        rollingSync: {
          steps: waves.map((w) => ({
            matchExpressions: [{ key: WAVE_LABEL, operator: 'In', values: [String(w)] }],
          })),
        },
      }
    : undefined;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: c.name, namespace: fleet.argocd.namespace, labels: labels(cc) },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      ...(strategy ? { strategy } : {}),
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: {
          name: `${c.name}-{{ .component }}`,
          labels: {
            ...labels(cc),
            'app.kubernetes.io/name': '{{ .component }}',
            [WAVE_LABEL]: '{{ .wave }}',
          },
          annotations: { 'argocd.argoproj.io/sync-wave': '{{ .wave }}' },
        },
        spec: {
          project: c.name,
          destination: { server: c.destination.server, namespace: '{{ .namespace }}' },
        },
      },
      templatePatch: 'spec:\n  sources: {{ toJson .sources }}\n  syncPolicy: {{ toJson .syncPolicy }}\n',
    },
  };
}

/** Every file path an Application of this cluster references (for the existence check). */
export function referencedFiles(cc: ComputedCluster, fleet: FleetSettings): string[] {
  const out = [applicationSetFile(cc.context.cluster.name)];
  for (const comp of cc.components) {
    for (const s of sources(cc, comp, fleet)) {
      const helm = s.helm as { valueFiles?: string[] } | undefined;
      for (const f of helm?.valueFiles ?? []) out.push(f.replace(/^\$values\//, ''));
      if (typeof s.path === 'string') out.push(`${s.path}/Chart.yaml`);
    }
  }
  return out;
}
