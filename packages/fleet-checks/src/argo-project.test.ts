import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { argoFixture, REPO, renderedFleet } from './__fixtures__/argo-fleet.ts';
import { argoProject } from './argo-project.ts';

const codes = (f = argoFixture()) => argoProject(renderedFleet(f)).map((i) => i.code);

describe('argoProject', () => {
  it('accepts a tree whose projects permit everything their Applications render', () => {
    expect(argoProject(renderedFleet(argoFixture()))).toEqual([]);
  });

  it('reports a root Application whose project only the root itself syncs', () => {
    const f = argoFixture();
    f.root.spec.project = 'dev-a';
    const issues = argoProject(renderedFleet(f)).filter((i) => i.code === 'argo-project-order');
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'bootstrap/dev-a.yaml',
        cluster: 'dev-a',
        object: 'argoproj.io/v1alpha1 Application dev-a-root',
        path: 'spec.project',
        message: expect.stringContaining('only exists once the root Application itself has synced'),
        found: 'clusters/dev-a/apps/appproject.yaml, synced by dev-a-root in wave -1',
      }),
    ]);
  });

  it('reports a bootstrap project applied after its root Application, and one that does not exist', () => {
    const f = argoFixture();
    const after = argoProject(
      renderedFleet(f, [f.root, f.bootstrapProject].map((o) => stringify(o)).join('---\n')),
    );
    expect(after.map((i) => [i.code, i.found])).toContainEqual([
      'argo-project-order',
      'bootstrap/dev-a.yaml document 2, after the Application',
    ]);
    f.root.spec.project = 'nope';
    expect(argoProject(renderedFleet(f))).toContainEqual(
      expect.objectContaining({
        code: 'argo-project-missing',
        message: 'application references project nope which does not exist: Argo CD refuses the Application',
      }),
    );
  });

  it('reports a generated Application whose project is synced in the same wave as its ApplicationSet', () => {
    const f = argoFixture();
    delete f.project.metadata.annotations;
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-order',
        component: 'demo',
        object: 'argoproj.io/v1alpha1 Application dev-a-demo',
        path: 'spec.generators[0].list.elements[0] -> spec.project',
      }),
    ]);
  });

  it('reports a source repository the project does not permit, and an unused one', () => {
    const f = argoFixture();
    f.project.spec.sourceRepos = [REPO, 'https://other.example.com'];
    const issues = argoProject(renderedFleet(f));
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'argo-project-source',
        cluster: 'dev-a',
        component: 'demo',
        path: 'spec.generators[0].list.elements[0] -> spec.sources[0].repoURL',
        found: 'https://charts.example.com',
        expected: `a repository matching sourceRepos: ${REPO}, https://other.example.com`,
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'argo-project-unused-repo',
        file: 'clusters/dev-a/apps/appproject.yaml',
        path: 'spec.sourceRepos[1]',
        found: 'https://other.example.com',
      }),
    );
  });

  it('reports a remote destination no cluster Secret registers (hub topology without registration)', () => {
    const f = argoFixture();
    delete f.registration;
    const issues = argoProject(renderedFleet(f));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'argo-project-cluster',
        file: 'clusters/dev-a/apps/applicationset.yaml',
        path: 'spec.generators[0].list.elements[0] -> spec.destination.server',
        found: 'https://dev-a.example.com',
      }),
    ]);
  });

  it('reports a destination the project does not permit', () => {
    const f = argoFixture();
    f.appset.spec.generators[0].list.elements[0].namespace = 'elsewhere';
    const issue = argoProject(renderedFleet(f)).find((i) => i.code === 'argo-project-destination');
    expect(issue).toMatchObject({
      path: 'spec.generators[0].list.elements[0] -> spec.destination',
      expected: `one of the destinations: ${'https://dev-a.example.com/demo'}`,
      found: 'https://dev-a.example.com/elsewhere',
    });
  });

  it('reports every rendered object in a namespace the destinations do not permit, once per namespace', () => {
    const f = argoFixture();
    f.objects.push(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'data-layer' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'data-layer' } },
    );
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-namespace',
        component: 'demo',
        object: 'v1 ConfigMap data-layer/a',
        path: 'metadata.namespace',
        message:
          'Argo CD fails the sync: namespace data-layer is not permitted in project dev-a (clusters/dev-a/apps/appproject.yaml) (and 1 more object(s))',
        expected: "a namespace of the project's destinations on https://dev-a.example.com: demo",
        found: 'data-layer',
      }),
    ]);
  });

  it('reports a cluster-scoped kind missing from the whitelist, or blacklisted', () => {
    const f = argoFixture();
    f.objects.push({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'critical' },
    });
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-kind',
        object: 'scheduling.k8s.io/v1 PriorityClass critical',
        expected: 'clusterResourceWhitelist listing group "scheduling.k8s.io" kind PriorityClass',
        found: 'clusterResourceWhitelist: /Namespace, rbac.authorization.k8s.io/ClusterRole',
        hint: "Declare { group: 'scheduling.k8s.io', kind: 'PriorityClass' } in the component's resources.cluster.",
      }),
    ]);
    const g = argoFixture();
    g.project.spec.clusterResourceWhitelist = [{ group: '*', kind: '*' }];
    g.project.spec.clusterResourceBlacklist = [{ group: 'rbac.authorization.k8s.io', kind: 'Cluster*' }];
    expect(codes(g)).toEqual(['argo-project-kind']);
  });

  it('reports a namespaced kind missing from the namespace whitelist', () => {
    const f = argoFixture();
    f.objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({ code: 'argo-project-kind', object: 'v1 Secret demo/s' }),
    ]);
  });

  it('requires Namespace in the whitelist when Argo CD creates the destination namespace', () => {
    const f = argoFixture();
    f.project.spec.clusterResourceWhitelist = [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }];
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-kind',
        path: 'spec.generators[0].list.elements[0] -> spec.syncPolicy.syncOptions',
      }),
    ]);
  });

  it('reports a custom kind whose CRD the cluster does not install, and accepts it once a CRD renders', () => {
    const f = argoFixture();
    f.objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(codes(f)).toEqual(['argo-project-unknown-kind']);
    f.objects.push({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget' } },
    } as never);
    f.project.spec.clusterResourceWhitelist.push(
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'example.com', kind: 'Widget' },
    );
    expect(codes(f)).toEqual([]);
  });

  it('reports a targetRevision on the GitOps repository that names a branch the publisher never writes', () => {
    const f = argoFixture();
    f.appset.spec.generators[0].list.elements[0].sources[1].targetRevision = 'dev';
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-branch',
        path: 'spec.generators[0].list.elements[0] -> spec.sources[1].targetRevision',
        expected: 'main (gitops.branchPerEnvironment: false writes the single branch main)',
        found: 'dev',
      }),
    ]);
    f.fleet.gitops.branchPerEnvironment = true;
    expect(argoProject(renderedFleet(f)).map((i) => [i.file, i.found])).toEqual([
      ['bootstrap/dev-a.yaml', 'main'],
    ]);
  });

  it('reports an ApplicationSet element missing a key the template uses (missingkey=error)', () => {
    const f = argoFixture();
    delete f.appset.spec.generators[0].list.elements[0].namespace;
    expect(argoProject(renderedFleet(f))).toEqual([
      expect.objectContaining({
        code: 'argo-project-template',
        file: 'clusters/dev-a/apps/applicationset.yaml',
        path: 'spec.generators[0].list.elements[0]',
        expected: 'a key namespace in the element',
        found: 'keys: component, sources, syncPolicy',
      }),
    ]);
  });
});
