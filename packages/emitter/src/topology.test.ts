import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { input } from './__fixtures__/input.ts';
import type { EmitInput } from './emit.ts';
import { emitTree } from './emit.ts';

type Obj = Record<string, any>;

/** The fixture as a hub fleet: dev-a is the management cluster, prod-a a registered spoke. */
function hubInput(): EmitInput {
  const i = input();
  i.fleet = { ...i.fleet, argocd: { ...i.fleet.argocd, topology: 'hub' } };
  i.clusters = i.clusters.map((cc) => {
    if (cc.context.cluster.name !== 'dev-a') return cc;
    const cluster = {
      ...cc.context.cluster,
      hub: true,
      destination: { server: 'https://kubernetes.default.svc' },
    };
    return { ...cc, context: { ...cc.context, cluster } };
  });
  return i;
}

describe('Argo CD topology of the emitted tree', () => {
  const hub = emitTree(hubInput());
  const standalone = emitTree(input());

  it('registers every spoke of a hub through an ExternalSecret, never with credentials in Git', () => {
    expect(hub.has('clusters/dev-a/apps/cluster-secret.yaml')).toBe(false);
    const es = parse(hub.get('clusters/prod-a/apps/cluster-secret.yaml')!) as Obj;
    expect(es.kind).toBe('ExternalSecret');
    expect(es.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-2');
    expect(es.spec.target.template.metadata.labels).toMatchObject({
      'argocd.argoproj.io/secret-type': 'cluster',
      'platform.gitops/cluster': 'prod-a',
      'platform.gitops/environment': 'production',
      'platform.gitops/region': 'us-west-2',
    });
    expect(es.spec.target.template.data.server).toBe('https://prod-a.example.com');
    expect(es.spec.target.template.data.config).toContain('{{ .bearerToken }}');
    expect(es.spec.data.map((d: Obj) => d.remoteRef.key)).toEqual([
      'platform/argocd/clusters/prod-a',
      'platform/argocd/clusters/prod-a',
    ]);
    const [project] = parseAllDocuments(hub.get('bootstrap/prod-a.yaml')!).map((d) => d.toJSON() as Obj);
    expect(project!.spec.namespaceResourceWhitelist).toContainEqual({
      group: 'external-secrets.io',
      kind: 'ExternalSecret',
    });
  });

  it('prints the hub bootstrap: the hub first, then every spoke on the hub', () => {
    const readme = hub.get('README.md')!;
    expect(readme).toContain('**hub**: one Argo CD, on the management cluster `dev-a`');
    const first = readme.indexOf('kubectl apply -n argocd -f bootstrap/dev-a.yaml');
    const spoke = readme.indexOf('kubectl apply -n argocd -f bootstrap/prod-a.yaml');
    expect(first).toBeGreaterThan(0);
    expect(spoke).toBeGreaterThan(first);
  });

  it('emits no registration and no ExternalSecret permission in a standalone fleet', () => {
    expect([...standalone.keys()].filter((p) => p.endsWith('cluster-secret.yaml'))).toEqual([]);
    const [project] = parseAllDocuments(standalone.get('bootstrap/prod-a.yaml')!).map(
      (d) => d.toJSON() as Obj,
    );
    expect(project!.spec.namespaceResourceWhitelist).not.toContainEqual({
      group: 'external-secrets.io',
      kind: 'ExternalSecret',
    });
  });

  it('sends the hub to itself in-cluster and every spoke to its own API server', () => {
    const dest = (c: string) =>
      (parse(hub.get(`clusters/${c}/apps/applicationset.yaml`)!) as Obj).spec.template.spec.destination
        .server;
    expect(dest('dev-a')).toBe('https://kubernetes.default.svc');
    expect(dest('prod-a')).toBe('https://prod-a.example.com');
  });
});
