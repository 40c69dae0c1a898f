/**
 * The platform's error codes, one table for both kinds that share the `E0XXX` space:
 *
 * - `runtime`: what goes wrong on a running cluster. Alert rules carry the code in their
 *   `error_code` label and name their runbook after it. These are the platform's canonical
 *   codes and keep their numbers.
 * - `generator`: what `pnpm gen:gitops` refuses before it writes anything. Each groups the
 *   issue codes (`Issue.code`, e.g. `cidr-overlap`, or `rule:<id>` for a component rule) that
 *   mean the same mistake, so a message, a log search and a runbook can use one number. They
 *   take free slots of their area, so no number means two things.
 *
 * Areas by hundreds: 00 cluster, 01 network, 02 secrets, 03 scaling, 04 certificates,
 * 05 observability; codes ending in 99 stay reserved; E1XXX and up belong to the layers above
 * the platform. `docs/error-codes.md` is generated from this table by `pnpm gen:files`.
 */
export const ERROR_CODES = {
  E0001: { kind: 'runtime', name: 'CLUSTER_UNREACHABLE', meaning: 'the API server or a node is unreachable' },
  E0002: { kind: 'runtime', name: 'NODE_PROVISION_FAILED', meaning: 'Karpenter could not provision a node' },
  E0003: { kind: 'runtime', name: 'GPU_DRIVER_MISSING', meaning: 'the NVIDIA driver is not loaded' },
  E0004: {
    kind: 'runtime',
    name: 'STORAGE_PROVISION_FAILED',
    meaning: 'a PersistentVolumeClaim stays Pending',
  },
  E0005: {
    kind: 'runtime',
    name: 'ADDON_INSTALL_FAILED',
    meaning: 'an EKS add-on (CoreDNS, VPC CNI) failed',
  },
  E0006: {
    kind: 'generator',
    name: 'INVALID_CLUSTER_NAME',
    meaning: 'a cluster name is taken twice or differs from its file name',
    issues: ['duplicate-cluster-name', 'file-name-mismatch'],
  },
  E0007: {
    kind: 'generator',
    name: 'KUBERNETES_VERSION_UNSUPPORTED',
    meaning: 'a cluster asks for a Kubernetes version the pinned charts do not support',
    issues: ['kubernetes-version-unsupported'],
  },
  E0008: {
    kind: 'generator',
    name: 'NODE_POOL_MIN_EXCEEDS_MAX',
    meaning: 'a node pool has a minimum above its maximum',
    issues: ['node-pool-min-exceeds-max'],
  },
  E0009: {
    kind: 'generator',
    name: 'SYSTEM_POOL_TOO_SMALL',
    meaning: 'a cluster has no system node pool, or one too small for its role',
    issues: ['missing-system-pool', 'system-pool-too-small'],
  },
  E0101: {
    kind: 'runtime',
    name: 'NETWORK_POLICY_DENIED',
    meaning: 'traffic is blocked by a network policy',
  },
  E0102: { kind: 'runtime', name: 'INGRESS_UNHEALTHY', meaning: 'the ingress gateway is not serving' },
  E0103: { kind: 'runtime', name: 'DNS_RESOLUTION_FAILED', meaning: 'ExternalDNS is not creating records' },
  E0104: { kind: 'runtime', name: 'SERVICE_MESH_DEGRADED', meaning: 'Cilium agents are unhealthy' },
  E0105: {
    kind: 'generator',
    name: 'CIDR_INVALID_OR_OVERLAPPING',
    meaning: 'a VPC, pod or service CIDR is malformed, not a network address, or overlaps another',
    issues: ['invalid-cidr', 'cidr-not-network-address', 'cidr-overlap'],
  },
  E0201: { kind: 'runtime', name: 'SECRET_SYNC_FAILED', meaning: 'an ExternalSecret is not Ready' },
  E0202: { kind: 'runtime', name: 'VAULT_AUTH_FAILED', meaning: 'Vault rejected the Kubernetes auth login' },
  E0203: { kind: 'runtime', name: 'SECRET_ROTATION_STALE', meaning: 'a Secret was not refreshed' },
  E0207: {
    kind: 'runtime',
    name: 'VAULT_TOKEN_RENEWAL_FAILED',
    meaning: 'a Vault token could not be renewed',
  },
  E0208: {
    kind: 'generator',
    name: 'REFRESH_INTERVAL_TOO_SHORT',
    meaning: 'a secret would be re-read from Vault more often than once a minute',
    issues: ['rule:refresh-at-least-1m', 'rule:refresh-interval-minimum'],
  },
  E0301: { kind: 'runtime', name: 'AUTOSCALER_STUCK', meaning: 'pods are pending and no nodes are added' },
  E0302: { kind: 'runtime', name: 'HPA_METRICS_UNAVAILABLE', meaning: 'an HPA has no metrics' },
  E0303: {
    kind: 'runtime',
    name: 'GPU_SCHEDULING_FAILED',
    meaning: 'a GPU pod stays pending or GPUs sit idle',
  },
  E0401: {
    kind: 'runtime',
    name: 'CERT_ISSUANCE_FAILED',
    meaning: 'a Certificate is pending or about to expire',
  },
  E0402: { kind: 'runtime', name: 'CERT_EXPIRED', meaning: 'a certificate was not renewed' },
  E0404: {
    kind: 'generator',
    name: 'ISSUER_ENVIRONMENT_MISMATCH',
    meaning: 'the default issuer is not created, or is not publicly trusted in production',
    issues: ['rule:default-issuer-exists', 'rule:no-staging-acme-by-default-in-production'],
  },
  E0501: {
    kind: 'runtime',
    name: 'METRICS_SCRAPE_FAILED',
    meaning: 'a target is unhealthy or policies fire',
  },
  E0502: { kind: 'runtime', name: 'ALERTMANAGER_UNREACHABLE', meaning: 'alerts are not routed' },
  E0503: { kind: 'runtime', name: 'LOGS_NOT_SHIPPING', meaning: 'logs are missing in Loki' },
} as const satisfies Record<
  `E${number}`,
  | { kind: 'runtime'; name: string; meaning: string }
  | { kind: 'generator'; name: string; meaning: string; issues: readonly string[] }
>;

export type ErrorCode = keyof typeof ERROR_CODES;

type CodesOf<K> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['kind'] extends K ? C : never }[ErrorCode];
/** A code alerts and runbooks use. */
export type RuntimeErrorCode = CodesOf<'runtime'>;
/** A code the generator gives a refused input. */
export type GeneratorErrorCode = CodesOf<'generator'>;

/** The generator's code of an issue code (`cidr-overlap` -> `E0105`), when it has one. */
export function errorCodeOf(issueCode: string): GeneratorErrorCode | undefined {
  for (const [code, def] of Object.entries(ERROR_CODES)) {
    if (def.kind === 'generator' && (def.issues as readonly string[]).includes(issueCode)) {
      return code as GeneratorErrorCode;
    }
  }
  return undefined;
}

/** Whether `code` is a runtime code of the table (what an alert's `error_code` label may carry). */
export function isRuntimeErrorCode(code: string): code is RuntimeErrorCode {
  return (ERROR_CODES as Record<string, { kind: string }>)[code]?.kind === 'runtime';
}

/** docs/error-codes.md: the table, then the issue codes each generator code stands for. */
export function errorCodesMarkdown(header: string): string {
  const rows = Object.entries(ERROR_CODES).map(([code, d]) => {
    const issues = d.kind === 'generator' ? d.issues.map((i) => `\`${i}\``).join(', ') : '';
    return `| ${code} | ${d.kind} | \`${d.name}\` | ${d.meaning} | ${issues} |`;
  });
  return [
    `<!-- ${header} -->`,
    '',
    '# Error codes',
    '',
    'One table for the platform: **runtime** codes are what alerts carry in their `error_code` label',
    'and what runbooks are named after; **generator** codes are what `pnpm gen:gitops` refuses before',
    'it writes anything, each standing for the issue codes listed (the `code` of a reported problem,',
    'or `rule:<id>` for a component rule). Areas by hundreds: 00 cluster, 01 network, 02 secrets,',
    '03 scaling, 04 certificates, 05 observability. Codes ending in 99 are reserved; E1XXX and up',
    'belong to the layers above the platform. The source is `packages/errors/src/codes.ts`.',
    '',
    '| Code | Kind | Name | Meaning | Issue codes |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
