import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from '@platform/hydrate';
import { KUBE_APISERVER_VERSION } from './binaries.ts';
import { type AdmissionResult, type KubeApiServer, type StartOptions, startKubeApiServer } from './server.ts';

export interface AdmitOptions {
  /** Start options of each cluster's API server (the cluster's kubeVersion is set per cluster). */
  server?: Omit<StartOptions, 'kubeVersion'>;
  /** Called as each cluster starts and ends (for a command's progress output). */
  onProgress?: (message: string) => void;
}

/** What the API servers said about a fleet: refusals as issues, and the warnings they returned. */
export interface AdmitReport {
  issues: Issue[];
  warnings: Issue[];
}

const isCrd = (o: K8sObject) =>
  o.apiVersion.startsWith('apiextensions.k8s.io/') && o.kind === 'CustomResourceDefinition';
const isNamespace = (o: K8sObject) => o.apiVersion === 'v1' && o.kind === 'Namespace';

/** Argo CD skips the dry run of a custom resource whose CRD is not there yet (created at run time). */
function skipsDryRunOnMissingResource(o: K8sObject): boolean {
  return (o.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '')
    .split(',')
    .some((s) => s.trim() === 'SkipDryRunOnMissingResource=true');
}

/** The object's field a strict-decoding or schema message names, as a dotted path. */
function pathOf(message: string): string | undefined {
  const unknown = /unknown field "([^"]+)"/.exec(message);
  if (unknown) return unknown[1];
  // server-side apply: `failed to create typed patch object (...): .spec.x: field not declared in schema`
  const declared = /(?:^|: )\.([^\s:]+): field not declared in schema/.exec(message);
  return declared?.[1];
}

function issuesOf(
  r: AdmissionResult,
  cluster: RenderedCluster,
  source: RenderedSource,
  emulated: string | undefined,
): Issue[] {
  const where = {
    ...(source.valuesFile ? { file: source.valuesFile } : {}),
    cluster: cluster.cluster,
    component: source.component,
    object: r.ref,
  };
  const server = `kube-apiserver ${KUBE_APISERVER_VERSION}${emulated ? ` (as Kubernetes ${emulated})` : ''}`;
  const hint = `Rendered from ${source.source === 'config' ? 'our chart' : `the ${source.chart} ${source.version} chart`} (source ${source.source}).`;
  const base = (path: string | undefined, message: string): Issue => ({
    code: 'apiserver-refused',
    ...where,
    ...(path ? { path } : {}),
    message: `${server} refuses it: ${message}`,
    hint,
  });
  if (r.causes && r.causes.length > 0 && r.reason === 'Invalid') {
    return r.causes.map((c) => base(c.field, c.message));
  }
  return [base(pathOf(r.message ?? ''), r.message ?? `HTTP ${r.status}`)];
}

function warningsOf(r: AdmissionResult, cluster: RenderedCluster, source: RenderedSource): Issue[] {
  return r.warnings.map((w) => ({
    code: 'apiserver-warning',
    ...(source.valuesFile ? { file: source.valuesFile } : {}),
    cluster: cluster.cluster,
    component: source.component,
    object: r.ref,
    message: w,
  }));
}

/**
 * PodSecurity admission refuses pods, not the workloads that create them: a Deployment whose pod
 * template breaks its namespace's enforced level is accepted with a warning, and then none of its
 * pods can be created. Those warnings at the enforced level are issues.
 */
function podSecurityIssues(
  results: readonly AdmissionResult[],
  enforced: ReadonlyMap<string, string>,
  cluster: RenderedCluster,
  source: RenderedSource,
): Issue[] {
  const out: Issue[] = [];
  for (const r of results) {
    const namespace = / ([^ /]+)\/[^ /]+$/.exec(r.ref)?.[1];
    const level = namespace === undefined ? undefined : enforced.get(namespace);
    if (!level) continue;
    for (const w of r.warnings) {
      const m = /^would violate PodSecurity "([a-z]+):[^"]*": (.*)$/s.exec(w);
      if (!m || m[1] !== level) continue;
      out.push({
        code: 'pod-security-refused',
        ...(source.valuesFile ? { file: source.valuesFile } : {}),
        cluster: cluster.cluster,
        component: source.component,
        object: r.ref,
        path: r.object.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec',
        message: `its pods would be refused in namespace ${namespace}, which enforces the Pod Security level ${level}: ${m[2]}`,
        expected: `a pod template that passes Pod Security ${level}`,
      });
    }
  }
  return out;
}

/** Dry-runs one cluster's renders against a running API server (CRDs applied first). */
export async function admitCluster(server: KubeApiServer, cluster: RenderedCluster): Promise<AdmitReport> {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const report = (source: RenderedSource, results: AdmissionResult[]) => {
    for (const r of results) {
      warnings.push(...warningsOf(r, cluster, source));
      if (r.ok) continue;
      if (r.reason === 'NotFound' && r.status === 404 && skipsDryRunOnMissingResource(r.object as K8sObject))
        continue;
      issues.push(...issuesOf(r, cluster, source, server.emulatedVersion));
    }
  };
  // Every CRD of the cluster, from whichever source renders it, before any custom resource
  for (const source of cluster.sources) {
    const crds = source.objects.filter(isCrd);
    if (crds.length > 0) report(source, await server.applyCrds(crds));
  }
  // Every Namespace next, for real: their Pod Security labels apply to every source's pods
  const enforced = new Map<string, string>();
  for (const source of cluster.sources) {
    const namespaces = source.objects.filter(isNamespace);
    if (namespaces.length > 0) report(source, await server.dryRun(namespaces));
    for (const ns of namespaces) {
      const level = ns.metadata.labels?.['pod-security.kubernetes.io/enforce'];
      if (level && ns.metadata.name) enforced.set(ns.metadata.name, level);
    }
  }
  for (const source of cluster.sources) {
    const rest = source.objects.filter((o) => !isCrd(o) && !isNamespace(o));
    if (rest.length === 0) continue;
    const results = await server.dryRun(rest, { defaultNamespace: source.namespace });
    for (const r of results) {
      report(source, [r]);
      issues.push(...podSecurityIssues([r], enforced, cluster, source));
    }
  }
  return { issues, warnings };
}

/**
 * Checks every rendered object of every cluster with a real kube-apiserver, as Argo CD's
 * server-side apply would meet it: a fresh API server per cluster behaving as the cluster's
 * Kubernetes version, every rendered CRD created first, every Namespace created with its labels,
 * then a server-side apply dry run (strict field validation, every default admission plugin,
 * PodSecurity included) of every other object. Custom resources that Argo CD syncs with
 * SkipDryRunOnMissingResource=true and whose CRD no render creates are left out, like Argo CD does.
 */
export async function admitFleetReport(
  fleet: RenderedFleet,
  options: AdmitOptions = {},
): Promise<AdmitReport> {
  const out: AdmitReport = { issues: [], warnings: [] };
  for (const cluster of fleet.clusters) {
    options.onProgress?.(
      `admission: starting kube-apiserver for ${cluster.cluster} (Kubernetes ${cluster.kubeVersion})`,
    );
    const server = await startKubeApiServer({ ...options.server, kubeVersion: cluster.kubeVersion });
    try {
      const r = await admitCluster(server, cluster);
      out.issues.push(...r.issues);
      out.warnings.push(...r.warnings);
      options.onProgress?.(
        `admission: ${cluster.cluster}: ${cluster.sources.reduce((n, s) => n + s.objects.length, 0)} objects, ${r.issues.length} refused`,
      );
    } finally {
      await server.stop();
    }
  }
  return out;
}

/** {@link admitFleetReport}'s refusals only: every object a real API server would not accept. */
export async function admitFleet(fleet: RenderedFleet, options: AdmitOptions = {}): Promise<Issue[]> {
  return (await admitFleetReport(fleet, options)).issues;
}
