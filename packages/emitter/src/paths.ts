/**
 * The one module that owns every path of the emitted GitOps repository (argocd-autopilot's
 * store.go idea). Layout, per cluster (a cluster is unique per environment, region and role):
 *
 * ```
 * README.md                                            generated index
 * bootstrap/<cluster>.yaml                             root Application (app of apps)
 * clusters/<cluster>/README.md                         the cluster: components, prerequisites, egress
 * clusters/<cluster>/apps/appproject.yaml              AppProject scoped to the cluster
 * clusters/<cluster>/apps/applicationset.yaml          one Application per enabled component
 * clusters/<cluster>/apps/cluster-secret.yaml          hub topology, spokes: registration on the hub
 * clusters/<cluster>/components/<component>/values-<chart>.yaml   values of an upstream chart
 * clusters/<cluster>/components/<component>/values-config.yaml    values of our chart
 * charts/<component>/...                               our charts, so the repository is self-contained
 * ```
 */

export const README = 'README.md';

export function bootstrapFile(cluster: string): string {
  return `bootstrap/${cluster}.yaml`;
}

/** The folder the root Application of a cluster syncs. */
export function appsDir(cluster: string): string {
  return `clusters/${cluster}/apps`;
}

/** The README of one cluster's folder (prerequisites and what may leave the cluster). */
export function clusterReadmeFile(cluster: string): string {
  return `clusters/${cluster}/README.md`;
}

export function appProjectFile(cluster: string): string {
  return `${appsDir(cluster)}/appproject.yaml`;
}

export function applicationSetFile(cluster: string): string {
  return `${appsDir(cluster)}/applicationset.yaml`;
}

/** A spoke's registration on the hub's Argo CD (hub topology only). */
export function clusterSecretFile(cluster: string): string {
  return `${appsDir(cluster)}/cluster-secret.yaml`;
}

export function componentDir(cluster: string, component: string): string {
  return `clusters/${cluster}/components/${component}`;
}

/** Values file of one target: an upstream chart id, or `config` for our own chart. */
export function valuesFile(cluster: string, component: string, target: string): string {
  return `${componentDir(cluster, component)}/values-${target === 'chart' ? 'config' : target}.yaml`;
}

export function chartDir(component: string): string {
  return `charts/${component}`;
}

/** Which cluster and component a path of the tree belongs to (for diffs and commit messages). */
export function describePath(path: string): { cluster?: string; component?: string } {
  let m = /^bootstrap\/([^/]+)\.yaml$/.exec(path);
  if (m) return { cluster: m[1]! };
  m = /^clusters\/([^/]+)\/components\/([^/]+)\//.exec(path);
  if (m) return { cluster: m[1]!, component: m[2]! };
  m = /^clusters\/([^/]+)\//.exec(path);
  if (m) return { cluster: m[1]! };
  m = /^charts\/([^/]+)\//.exec(path);
  if (m) return { component: m[1]! };
  return {};
}
