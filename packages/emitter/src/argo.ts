import type { ComputedCluster, ComputedComponent, FleetSettings } from '@platform/core';
import { OWN_CHART_TARGET } from '@platform/core';
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

function syncPolicy(cc: ComputedCluster, comp?: ComputedComponent): Obj {
  const sync = cc.context.environment.sync;
  const options = ['CreateNamespace=true'];
  if (comp?.definition.sync?.serverSideApply) options.push('ServerSideApply=true');
  return {
    ...(sync.automated
      ? { automated: { prune: sync.prune && !comp?.definition.sync?.disablePrune, selfHeal: sync.selfHeal } }
      : {}),
    syncOptions: options,
    retry: RETRY,
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
      project: name,
      source: {
        repoURL: fleet.gitops.repoURL,
        targetRevision: cc.context.environment.targetRevision,
        path: appsDir(name),
      },
      destination: { server: IN_CLUSTER, namespace: fleet.argocd.namespace },
      syncPolicy: syncPolicy(cc),
    },
  };
}

/** The AppProject of a cluster: only its destination, only the repositories its components use. */
export function appProject(cc: ComputedCluster, fleet: FleetSettings): Obj {
  const c = cc.context.cluster;
  const repos = new Set([fleet.gitops.repoURL]);
  for (const comp of cc.components)
    for (const u of comp.definition.upstreamCharts) repos.add(argoRepoURL(u.repoURL));
  const namespaces = [...new Set(cc.components.map((x) => x.definition.namespace))].sort();
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: c.name, namespace: fleet.argocd.namespace, labels: labels(cc) },
    spec: {
      description: `Platform components of ${c.name} (${c.environment}, ${c.region}, ${c.role})`,
      sourceRepos: [...repos].sort(),
      destinations: [
        { server: IN_CLUSTER, namespace: fleet.argocd.namespace },
        ...namespaces.map((namespace) => ({ server: c.destination.server, namespace })),
      ],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}

function sources(cc: ComputedCluster, comp: ComputedComponent, fleet: FleetSettings): Obj[] {
  const cluster = cc.context.cluster.name;
  const def = comp.definition;
  const rev = cc.context.environment.targetRevision;
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
