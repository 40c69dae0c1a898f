import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeApiServer, type KubeObject, startKubeApiServer } from './index.ts';

// One real etcd + kube-apiserver for the whole file (ready in seconds; slower on a busy machine).
let server: KubeApiServer;
beforeAll(async () => {
  server = await startKubeApiServer();
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

const deployment = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...extra }] },
    },
  },
});

describe('startKubeApiServer', () => {
  it('serves /readyz and /version as the pinned release', async () => {
    expect((await server.request('GET', '/readyz')).text).toBe('ok');
    const version = (await server.request('GET', '/version')).body as { gitVersion: string };
    expect(version.gitVersion).toBe('v1.36.3');
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('dryRun', () => {
  it('admits a valid Deployment and creates its namespace for real', async () => {
    const [r] = await server.dryRun([deployment()]);
    expect(r).toMatchObject({ ok: true, ref: 'apps/v1 Deployment apps/web' });
    expect((await server.request('GET', '/api/v1/namespaces/apps')).status).toBe(200);
    // a dry run persists nothing
    expect((await server.request('GET', '/apis/apps/v1/namespaces/apps/deployments/web')).status).toBe(404);
  });

  it('refuses an unknown field with the strict field validation message', async () => {
    const [r] = await server.dryRun([deployment({ imagePullPolicyy: 'Always' })]);
    expect(r?.ok).toBe(false);
    expect(r?.message).toContain(
      '.spec.template.spec.containers[name="web"].imagePullPolicyy: field not declared in schema',
    );
  });

  it('puts a namespaced object without a namespace into the default namespace given', async () => {
    const d = deployment();
    delete d.metadata?.namespace;
    const [r] = await server.dryRun([d], { defaultNamespace: 'argo-dest' });
    expect(r).toMatchObject({ ok: true, ref: 'apps/v1 Deployment argo-dest/web' });
  });

  it('refuses a PriorityClass with the reserved system- prefix', async () => {
    const [bad, good] = await server.dryRun([
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'system-critical' },
        value: 1000,
      },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'platform-critical' },
        value: 1000,
      },
    ]);
    expect(bad?.ok).toBe(false);
    expect(bad?.message).toContain('system-');
    expect(bad?.ref).toBe('scheduling.k8s.io/v1 PriorityClass system-critical');
    expect(good?.ok).toBe(true);
  });

  it('refuses a PodDisruptionBudget with both minAvailable and maxUnavailable', async () => {
    const [r] = await server.dryRun([
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'web', namespace: 'apps' },
        spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
      },
    ]);
    expect(r?.ok).toBe(false);
    expect(r?.reason).toBe('Invalid');
    expect(r?.causes?.map((c) => c.field)).toContain('spec');
    expect(r?.message).toContain('minAvailable and maxUnavailable cannot be both set');
  });

  it('refuses a privileged pod in a namespace that enforces the restricted Pod Security level', async () => {
    const pod = (namespace: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'priv', namespace },
      spec: { containers: [{ name: 'c', image: 'busybox:1.37', securityContext: { privileged: true } }] },
    });
    const results = await server.dryRun([
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'locked', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      },
      pod('locked'),
      pod('open'),
    ]);
    expect(results[0]).toMatchObject({ ok: true, ref: 'v1 Namespace locked' });
    expect(results[1]?.ok).toBe(false);
    expect(results[1]?.reason).toBe('Forbidden');
    expect(results[1]?.message).toContain('violates PodSecurity "restricted:');
    expect(results[1]?.message).toContain('privileged');
    expect(results[2]?.ok).toBe(true);
  });

  it('reports a kind the server does not serve', async () => {
    const [r] = await server.dryRun([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    ]);
    expect(r).toMatchObject({ ok: false, reason: 'NotFound' });
    expect(r?.message).toContain('no matches for kind "Widget" in version "example.com/v1"');
  });
});

describe('applyCrds', () => {
  const crd: KubeObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { size: { type: 'integer', minimum: 1 } },
                  required: ['size'],
                },
              },
            },
          },
        },
      ],
    },
  };

  it('creates a CRD, waits until it is established, then dry-runs its custom resources', async () => {
    const [applied] = await server.applyCrds([crd]);
    expect(applied).toMatchObject({
      ok: true,
      ref: 'apiextensions.k8s.io/v1 CustomResourceDefinition widgets.example.com',
    });
    const [good, invalid, unknown] = await server.dryRun(
      [
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 } },
        { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 0 } },
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
          spec: { size: 2, colour: 'red' },
        },
      ],
      { defaultNamespace: 'widgets' },
    );
    expect(good).toMatchObject({ ok: true, ref: 'example.com/v1 Widget widgets/w' });
    expect(invalid?.ok).toBe(false);
    expect(invalid?.message).toContain(
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    );
    expect(unknown?.ok).toBe(false);
    expect(unknown?.message).toContain('.spec.colour: field not declared in schema');
  });

  it('reports a CRD the server refuses', async () => {
    const broken = structuredClone(crd);
    (broken.metadata as { name: string }).name = 'gadgets.example.com';
    const [r] = await server.applyCrds([broken]);
    expect(r?.ok).toBe(false);
    expect(r?.message).toContain('must be spec.names.plural+"."+spec.group');
  });
});
