/**
 * The Kubernetes release whose published OpenAPI v3 documents (`api/openapi-spec/v3` of the Go
 * module `k8s.io/kubernetes`) stand for each minor version a cluster may run. The newest patch
 * of each minor: the API surface of a minor does not change between its patches.
 */
export const KUBERNETES_OPENAPI_RELEASES: Readonly<Record<string, string>> = {
  '1.30': 'v1.30.14',
  '1.31': 'v1.31.14',
  '1.32': 'v1.32.13',
  '1.33': 'v1.33.13',
  '1.34': 'v1.34.4',
  '1.35': 'v1.35.4',
  '1.36': 'v1.36.3',
};

/** `1.33`, `v1.33.2` or `1.33.0` -> `1.33`. */
export function kubeMinor(kubeVersion: string): string {
  const match = /^v?(\d+)\.(\d+)/.exec(kubeVersion.trim());
  return match ? `${match[1]}.${match[2]}` : kubeVersion;
}

/** The pinned `k8s.io/kubernetes` release for a cluster's Kubernetes version, or undefined. */
export function openApiRelease(kubeVersion: string): string | undefined {
  return KUBERNETES_OPENAPI_RELEASES[kubeMinor(kubeVersion)];
}
