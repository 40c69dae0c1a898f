import type { ComputedCluster, ComputedComponent, FleetSettings, GroupKind } from '@platform/core';
import { gitopsBranch, IN_CLUSTER_SERVER, OWN_CHART_TARGET, topologyOf } from '@platform/core';
import { applicationSetFile, appsDir, chartDir, valuesFile } from './paths.ts';

/**
 * Label carrying a generated Application's install wave from the dependency DAG. Production is
 * synced by hand wave after wave with `argocd app sync -l platform.gitops/wave=<n>` (README).
 */
export const WAVE_LABEL = 'platform.gitops/wave';
const IN_CLUSTER = IN_CLUSTER_SERVER;

/**
 * The retry budget of every sync, automated or manual: on a cold cluster a component whose
 * dependency's webhook or CRDs are not served yet fails its first attempts. 10 attempts backing
 * off 10s, 20s, ... up to 5m wait about half an hour in all, longer than a cold EKS cluster takes
 * to bring up cert-manager's, Gatekeeper's and Istio's webhooks.
 */
export const RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } } as const;

/** Argo CD's finalizer that deletes an Application's resources when the Application is deleted. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

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
  // Without it a sync re-applies the fields ignoreDifferences hides and the controller rewrites them again.
  if (comp?.definition.sync?.ignoreDifferences?.length) options.push('RespectIgnoreDifferences=true');
  // Labels of the namespace CreateNamespace creates when no chart renders it (Pod Security, cost).
  const managed = comp?.definition.sync?.managedNamespaceMetadata?.(cc.context);
  return {
    ...(sync.automated
      ? { automated: { prune: sync.prune && !comp?.definition.sync?.disablePrune, selfHeal: sync.selfHeal } }
      : {}),
    ...(options.length > 0 ? { syncOptions: options } : {}),
    ...(managed ? { managedNamespaceMetadata: managed } : {}),
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
 * ApplicationSet (and, for a spoke of a hub, its registration ExternalSecret), in Argo CD's
 * namespace, from the GitOps repository.
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
        ...(isSpoke(cc, fleet) ? [{ group: 'external-secrets.io', kind: 'ExternalSecret' }] : []),
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
      finalizers: [RESOURCES_FINALIZER],
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
  const windows = (cc.context.environment.sync.windows ?? []).map((w) => ({
    kind: w.kind,
    schedule: w.schedule,
    duration: w.duration,
    applications: ['*'],
    ...(w.manualSync !== undefined ? { manualSync: w.manualSync } : {}),
    ...(w.timeZone ? { timeZone: w.timeZone } : {}),
  }));
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
      ...(windows.length > 0 ? { syncWindows: windows } : {}),
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
 * What an operator changes on a generated Application during an incident, which the ApplicationSet
 * must then leave alone: turning automated sync off (`argocd app set <app> --sync-policy none`
 * before `argocd app rollback`) and pinning this repository's sources to a revision (`argocd app
 * set <app> --revision <sha>`). Chart versions are not ignored: a pin bump in Git still lands.
 */
export function ignoreApplicationDifferences(fleet: FleetSettings): Obj[] {
  return [
    { jsonPointers: ['/spec/syncPolicy/automated'] },
    {
      jqPathExpressions: [
        `.spec.sources[] | select(.repoURL == ${JSON.stringify(fleet.gitops.repoURL)}) | .targetRevision`,
      ],
    },
  ];
}

/**
 * One ApplicationSet per cluster. The list generator yields one element per enabled component,
 * carrying its sources, sync policy and ignoreDifferences; `templatePatch` puts them into the
 * Application because they differ per component.
 *
 * Install order without giving up self-heal: no RollingSync (Argo CD's ApplicationSet controller
 * then writes `automated.enabled: false` on every generated Application) and no sync-wave
 * annotation (nothing syncs the generated Applications as a parent would). In development and
 * staging every Application syncs automatically with self-heal and prune, and the retry budget
 * carries a component over the minutes its dependency's CRDs and webhooks take to come up.
 * Production syncs by hand, wave after wave, selected by the wave label (README).
 *
 * Deletion: `preserveResourcesOnDeletion: false`, so Argo CD gives every generated Application its
 * resources finalizer, and removing a component from the inventory uninstalls it.
 */
export function applicationSet(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  const elements = cc.components.map((comp) => ({
    component: comp.definition.name,
    namespace: comp.definition.namespace,
    wave: String(comp.wave),
    sources: sources(cc, comp, fleet),
    syncPolicy: syncPolicy(cc, comp),
    ignoreDifferences: comp.definition.sync?.ignoreDifferences ?? [],
  }));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: c.name, namespace: fleet.argocd.namespace, labels: labels(cc) },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ list: { elements } }],
      syncPolicy: { preserveResourcesOnDeletion: false },
      ignoreApplicationDifferences: ignoreApplicationDifferences(fleet),
      template: {
        metadata: {
          name: `${c.name}-{{ .component }}`,
          labels: {
            ...labels(cc),
            'app.kubernetes.io/name': '{{ .component }}',
            [WAVE_LABEL]: '{{ .wave }}',
          },
        },
        spec: {
          project: c.name,
          destination: { server: c.destination.server, namespace: '{{ .namespace }}' },
        },
      },
      templatePatch:
        'spec:\n  sources: {{ toJson .sources }}\n  syncPolicy: {{ toJson .syncPolicy }}\n  ignoreDifferences: {{ toJson .ignoreDifferences }}\n',
    },
  };
}

/** Whether this cluster is a spoke of a hub: registered on the hub's Argo CD as a cluster Secret. */
export function isSpoke(cc: ComputedCluster, fleet: FleetSettings): boolean {
  return topologyOf(fleet) === 'hub' && cc.context.cluster.hub !== true;
}

/** Vault KV path (in the vault-backend store) of a spoke's Argo CD credentials. */
export function clusterCredentialsKey(cluster: string): string {
  return `platform/argocd/clusters/${cluster}`;
}

/** Sync wave of a spoke's registration: before its AppProject and ApplicationSet. */
export const REGISTRATION_WAVE = '-2';

/**
 * The registration of a spoke on the hub's Argo CD: an ExternalSecret that External Secrets
 * Operator turns into an Argo CD cluster Secret (labelled with environment, region and cluster,
 * so cluster generators and selectors can pick it). The credentials (a bearer token and the API
 * server's CA) come from Vault and never from Git.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#clusters
 */
export function clusterRegistration(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  const name = `cluster-${c.name}`;
  const key = clusterCredentialsKey(c.name);
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name,
      namespace: fleet.argocd.namespace,
      labels: labels(cc),
      annotations: { 'argocd.argoproj.io/sync-wave': REGISTRATION_WAVE },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      target: {
        name,
        creationPolicy: 'Owner',
        template: {
          engineVersion: 'v2',
          metadata: { labels: { ...labels(cc), 'argocd.argoproj.io/secret-type': 'cluster' } },
          data: {
            name: c.destination.name ?? c.name,
            server: c.destination.server,
            config:
              '{"bearerToken":"{{ .bearerToken }}","tlsClientConfig":{"insecure":false,"caData":"{{ .caData }}"}}',
          },
        },
      },
      data: [
        { secretKey: 'bearerToken', remoteRef: { key, property: 'bearerToken' } },
        { secretKey: 'caData', remoteRef: { key, property: 'caData' } },
      ],
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
