import type { ClusterContext, EgressAllow } from '@platform/core';
import {
  registryHost,
  SCAN_APPS,
  TRIVY_CHECKS_BUNDLE_REPOSITORY,
  TRIVY_DB_REGISTRY_HOSTS,
  TRIVY_DB_REPOSITORIES,
  TRIVY_JAVA_DB_REPOSITORIES,
} from './scans.ts';
import { NAMESPACE } from './values.ts';

/** Name of the egress allow of trivy's databases (the policy `egress-<name>`). */
export const TRIVY_DB_EGRESS = 'cis-benchmark-trivy-db';

/**
 * trivy's pods to the registries of its default databases (vulnerability DB, Java DB, checks
 * bundle), and the hosts those registries send the blobs from. A mirror set in
 * `chart.trivy.*Repositories` needs its own inventory allow (rule `trivy-db-egress`).
 */
export function cisBenchmarkEgress(_ctx: ClusterContext): EgressAllow[] {
  const registries = new Set(
    [...TRIVY_DB_REPOSITORIES, ...TRIVY_JAVA_DB_REPOSITORIES, TRIVY_CHECKS_BUNDLE_REPOSITORY].map(
      registryHost,
    ),
  );
  return [
    {
      name: TRIVY_DB_EGRESS,
      namespace: NAMESPACE,
      podLabels: { 'app.kubernetes.io/name': SCAN_APPS.trivy },
      fqdns: [...registries].flatMap((r) => TRIVY_DB_REGISTRY_HOSTS[r] ?? [r]),
      ports: [443],
      purpose: 'trivy vulnerability DB, Java DB and checks bundle (mirror.gcr.io, ghcr.io)',
    },
  ];
}
