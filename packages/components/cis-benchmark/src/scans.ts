import type { ClusterContext } from '@platform/core';
import type { KubeauditValues, TrivyValues } from './scans-schema.ts';

/**
 * trivy release (docs/decisions.md#security-scans). To bump: take the newest release of
 * https://github.com/aquasecurity/trivy/releases (the image tag is the version without the v),
 * read `docs/guide/references/configuration/cli/trivy_kubernetes.md` at that tag for the flags
 * the chart passes and the default DB repositories below, then run `pnpm gen:files`.
 */
export const TRIVY_IMAGE = { repository: 'docker.io/aquasec/trivy', tag: '0.74.0' } as const;

/**
 * kubeaudit release: the official image is published by the project's release workflow to GHCR
 * with the v-prefixed tag (https://github.com/Shopify/kubeaudit/releases). To bump: check the
 * global flags in the README at that tag (`-n`, `--format`, `--minseverity`, `--exitcode`).
 */
export const KUBEAUDIT_IMAGE = { repository: 'ghcr.io/shopify/kubeaudit', tag: 'v0.22.1' } as const;

/** trivy 0.74's defaults, in its order of priority (`trivy k8s --help`). */
export const TRIVY_DB_REPOSITORIES = ['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'];
export const TRIVY_JAVA_DB_REPOSITORIES = [
  'mirror.gcr.io/aquasec/trivy-java-db:1',
  'ghcr.io/aquasecurity/trivy-java-db:1',
];
export const TRIVY_CHECKS_BUNDLE_REPOSITORY = 'mirror.gcr.io/aquasec/trivy-checks:2';

/**
 * The hosts a download from each default registry reaches: the registry and where it redirects
 * the blobs to (trivy's "Connectivity and Network considerations", docs/guide/advanced/air-gap.md).
 */
export const TRIVY_DB_REGISTRY_HOSTS: Readonly<Record<string, readonly string[]>> = {
  'mirror.gcr.io': ['mirror.gcr.io', 'googlecode.l.googleusercontent.com'],
  'ghcr.io': ['ghcr.io', 'pkg-containers.githubusercontent.com'],
};

/** The namespaces kubeaudit audits: the platform's infrastructure and its data layer. */
export const KUBEAUDIT_NAMESPACES = ['infrastructure', 'data-layer'];

/** `app.kubernetes.io/name` of each scan's pods: what the egress allows and the rules select. */
export const SCAN_APPS = { trivy: 'trivy', kubeaudit: 'kubeaudit' } as const;

/** The service accounts of the scans (Cilium labels the pods with theirs). */
export const SCAN_SERVICE_ACCOUNTS = { trivy: 'trivy-scan', kubeaudit: 'kubeaudit-scan' } as const;

/** The registry host of an OCI repository reference (`host[:port]/path[:tag]`). */
export function registryHost(repository: string): string {
  return repository.split('/')[0]!.replace(/:\d+$/, '');
}

/**
 * The trivy scan, daily at 07:00 UTC (kube-bench runs at 06:00 for at most 30 minutes): the
 * whole cluster with the node collector off (it would create Jobs; kube-bench covers the nodes),
 * HIGH and CRITICAL only, the summary and then the full JSON report to the log. Images are
 * pulled and scanned except in strict network-policy mode, where no registry is reachable
 * unless the inventory declares it (docs/decisions.md#security-scans).
 */
export function trivyDefaults(ctx: Pick<ClusterContext, 'environment'>): TrivyValues {
  return {
    schedule: '0 7 * * *',
    image: { ...TRIVY_IMAGE },
    severities: ['HIGH', 'CRITICAL'],
    scanImages: ctx.environment.networkPolicy !== 'strict',
    jsonReport: true,
    timeoutMinutes: 40,
    dbRepositories: [...TRIVY_DB_REPOSITORIES],
    javaDbRepositories: [...TRIVY_JAVA_DB_REPOSITORIES],
    checksBundleRepository: TRIVY_CHECKS_BUNDLE_REPOSITORY,
    resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '3Gi' } },
    activeDeadlineSeconds: 5400,
  };
}

/** The kubeaudit scan, daily at 08:30 UTC (after trivy's 90 minutes at most), every result. */
export function kubeauditDefaults(): KubeauditValues {
  return {
    schedule: '30 8 * * *',
    image: { ...KUBEAUDIT_IMAGE },
    namespaces: [...KUBEAUDIT_NAMESPACES],
    minSeverity: 'info',
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    activeDeadlineSeconds: 900,
  };
}
