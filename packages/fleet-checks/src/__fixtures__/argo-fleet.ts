import type { EnvironmentProfile, FleetSettings } from '@platform/core';
import type { K8sObject, RenderedFleet, RenderedSource } from '@platform/hydrate';
import { stringify } from 'yaml';

/** A one-cluster generated tree that Argo CD accepts; tests break one rule at a time. */
export const REPO = 'https://git.example.com/platform/gitops.git';
export const SERVER = 'https://dev-a.example.com';
const IN_CLUSTER = 'https://kubernetes.default.svc';

type Obj = Record<string, any>;

export interface ArgoFixture {
  fleet: FleetSettings;
  environment: EnvironmentProfile;
  bootstrapProject: Obj;
  root: Obj;
  project: Obj;
  appset: Obj;
  /** The registration of the remote destination on the hub's Argo CD (hub topology), if any. */
  registration?: Obj;
  /** Objects the `demo` component's chart renders (destination namespace `demo`). */
  objects: K8sObject[];
}

export function argoFixture(): ArgoFixture {
  const fleet = {
    gitops: { repoURL: REPO, branchPerEnvironment: false },
    argocd: { namespace: 'argocd' },
    regions: [],
  } as unknown as FleetSettings;
  const environment = { name: 'development', targetRevision: 'dev' } as EnvironmentProfile;
  const bootstrapProject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'dev-a-bootstrap', namespace: 'argocd' },
    spec: {
      sourceRepos: [REPO],
      destinations: [{ server: IN_CLUSTER, namespace: 'argocd' }],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'ApplicationSet' },
        { group: '', kind: 'Secret' },
      ],
    },
  };
  const root = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'dev-a-root', namespace: 'argocd' },
    spec: {
      project: 'dev-a-bootstrap',
      source: { repoURL: REPO, targetRevision: 'main', path: 'clusters/dev-a/apps' },
      destination: { server: IN_CLUSTER, namespace: 'argocd' },
    },
  };
  const project = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'dev-a', namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
    spec: {
      sourceRepos: ['https://charts.example.com', REPO],
      destinations: [{ server: SERVER, namespace: 'demo' }],
      clusterResourceWhitelist: [
        { group: '', kind: 'Namespace' },
        { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      ],
      namespaceResourceWhitelist: [
        { group: 'apps', kind: 'Deployment' },
        { group: '', kind: 'ConfigMap' },
      ],
    },
  };
  const appset = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'dev-a', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [
        {
          list: {
            elements: [
              {
                component: 'demo',
                namespace: 'demo',
                sources: [
                  {
                    repoURL: 'https://charts.example.com',
                    chart: 'demo',
                    targetRevision: '1.0.0',
                    helm: { valueFiles: ['$values/clusters/dev-a/components/demo/values-demo.yaml'] },
                  },
                  { repoURL: REPO, targetRevision: 'main', ref: 'values' },
                ],
                syncPolicy: { syncOptions: ['CreateNamespace=true'] },
              },
            ],
          },
        },
      ],
      template: {
        metadata: {
          name: 'dev-a-{{ .component }}',
          labels: { 'app.kubernetes.io/name': '{{ .component }}' },
        },
        spec: { project: 'dev-a', destination: { server: SERVER, namespace: '{{ .namespace }}' } },
      },
      templatePatch: 'spec:\n  sources: {{ toJson .sources }}\n  syncPolicy: {{ toJson .syncPolicy }}\n',
    },
  };
  const objects: K8sObject[] = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'demo' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo-config', namespace: 'demo' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'demo' } },
  ];
  // A cluster Secret without credentials keeps the fixture free of custom kinds; the generated
  // tree registers spokes through ExternalSecrets, which registeredServers reads the same way.
  const registration = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'cluster-dev-a',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster' },
    },
    stringData: { name: 'dev-a', server: SERVER, config: '{"tlsClientConfig":{"insecure":false}}' },
  };
  return { fleet, environment, bootstrapProject, root, project, appset, registration, objects };
}

const doc = (...objs: Obj[]) => objs.map((o) => stringify(o)).join('---\n');

/** The RenderedFleet of a fixture: bootstrap file (project first), the synced apps folder, the render. */
export function renderedFleet(f: ArgoFixture, bootstrap = doc(f.bootstrapProject, f.root)): RenderedFleet {
  const source: RenderedSource = {
    cluster: 'dev-a',
    component: 'demo',
    source: 'demo',
    chart: 'demo',
    version: '1.0.0',
    releaseName: 'demo',
    namespace: 'demo',
    valuesFile: 'clusters/dev-a/components/demo/values-demo.yaml',
    objects: f.objects,
  };
  return {
    fleet: f.fleet,
    clusters: [
      {
        cluster: 'dev-a',
        kubeVersion: '1.33.0',
        apiVersions: [],
        computed: {
          context: { environment: f.environment },
        } as RenderedFleet['clusters'][number]['computed'],
        sources: [source],
      },
    ],
    files: new Map([
      ['bootstrap/dev-a.yaml', bootstrap],
      ['clusters/dev-a/apps/appproject.yaml', doc(f.project)],
      ['clusters/dev-a/apps/applicationset.yaml', doc(f.appset)],
      ...(f.registration
        ? ([['clusters/dev-a/apps/cluster-secret.yaml', doc(f.registration)]] as [string, string][])
        : []),
      ['clusters/dev-a/components/demo/values-demo.yaml', '{}\n'],
    ]),
  };
}
