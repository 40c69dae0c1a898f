import type { Issue } from '@platform/errors';

const IN_CLUSTER = 'https://kubernetes.default.svc';
const SECRET_TYPE = 'argocd.argoproj.io/secret-type';

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML of Argo CD objects, read field by field
type Obj = Record<string, any>;

/**
 * The API servers the tree registers on its Argo CD: cluster Secrets, and the ExternalSecrets that
 * External Secrets Operator turns into cluster Secrets (credentials stay out of Git).
 */
export function registeredServers(objects: readonly Obj[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Secret' && o.metadata?.labels?.[SECRET_TYPE] === 'cluster') {
      const server = o.stringData?.server;
      if (typeof server === 'string') out.add(server);
    }
    if (o.kind === 'ExternalSecret') {
      const t = o.spec?.target?.template;
      if (t?.metadata?.labels?.[SECRET_TYPE] === 'cluster' && typeof t.data?.server === 'string')
        out.add(t.data.server);
    }
  }
  return out;
}

/**
 * An Application whose destination is a remote API server that no cluster Secret of the tree
 * registers: Argo CD refuses it ("application destination spec is invalid"). In the standalone
 * topology every destination is in-cluster; in the hub topology every spoke must be registered.
 */
export function unregisteredDestination(
  server: string | undefined,
  registered: ReadonlySet<string>,
): Pick<Issue, 'code' | 'message' | 'expected' | 'found' | 'hint'> | undefined {
  if (server === undefined || server === IN_CLUSTER || registered.has(server)) return undefined;
  return {
    code: 'argo-project-cluster',
    message: `Argo CD refuses the Application: its destination ${server} is not a cluster registered on this Argo CD`,
    expected: `${IN_CLUSTER}, or a server registered by a cluster Secret (or its ExternalSecret) in the tree: ${[...registered].sort().join(', ') || 'none'}`,
    found: server,
    hint: 'In the hub topology every spoke is registered by clusters/<cluster>/apps/cluster-secret.yaml; in standalone every destination is in-cluster.',
  };
}
