import { gitopsBranch } from '@platform/core';
import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedSource } from '@platform/hydrate';
import { parseAllDocuments } from 'yaml';
import { expandApplicationSet } from './argo-project-appset.ts';
import { registeredServers, unregisteredDestination } from './argo-project-clusters.ts';
import {
  type AppProjectSpec,
  type Destination,
  isDestinationPermitted,
  isKindPermitted,
  isSourcePermitted,
  normalizeRepoURL,
  sourceRepoEntryFor,
} from './argo-project-rules.ts';
import { groupOf, isNamespaced } from './argo-project-scope.ts';
import type { FleetCheck } from './types.ts';

interface AppSource {
  repoURL?: string;
  targetRevision?: string;
  path?: string;
  chart?: string;
  ref?: string;
  helm?: { valueFiles?: string[] };
}

interface AppSpec {
  project?: string;
  source?: AppSource;
  sources?: AppSource[];
  destination?: Destination;
  syncPolicy?: { syncOptions?: string[] };
}

/** A parsed document of the tree, read as an Argo CD object. */
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: AppSpec & AppProjectSpec;
}

const WAVE = 'argocd.argoproj.io/sync-wave';

/** One document of the tree, where it is and in which sync wave Argo CD applies it. */
interface Doc {
  file: string;
  index: number;
  obj: Obj;
  wave: number;
}

/** Where an AppProject comes from: applied by hand from bootstrap/, or synced by a root Application. */
type ProjectOrigin = { by: 'bootstrap'; doc: Doc } | { by: 'root'; root: string; doc: Doc };

interface ProjectDef {
  spec: AppProjectSpec;
  origins: ProjectOrigin[];
}

/** An Application as Argo CD will see it: a root Application, or one an ApplicationSet generates. */
interface App {
  name: string;
  spec: AppSpec;
  /** File that defines it (the bootstrap file or the ApplicationSet's file). */
  file: string;
  /** Dotted path prefix of the Application inside that file (ApplicationSet element for generated ones). */
  at: string;
  cluster?: string;
  /** The component, for a generated Application (its `app.kubernetes.io/name` label). */
  component?: string;
  /** For a root Application: its bootstrap document and the documents it syncs. */
  root?: { doc: Doc; synced: Doc[] };
  /** For a generated Application: the root Application syncing its ApplicationSet, and that document. */
  parent?: { root: string; doc: Doc };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function waveOf(obj: Obj): number {
  const w = Number(obj?.metadata?.annotations?.[WAVE] ?? 0);
  return Number.isFinite(w) ? w : 0;
}

function parseDocs(file: string, content: string): Doc[] {
  return parseAllDocuments(content)
    .map((d, index) => ({ file, index, obj: d.toJS() as Obj }))
    .filter((d) => isObj(d.obj) && typeof d.obj.kind === 'string')
    .map((d) => ({ ...d, wave: waveOf(d.obj) }));
}

/** `apps/v1 Deployment cert-manager/cert-manager` */
export function describeObject(o: K8sObject | Obj, namespace?: string): string {
  const ns = namespace ?? o.metadata?.namespace;
  return `${o.apiVersion} ${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '(unnamed)'}`;
}

function sourcesOf(spec: AppSpec): { src: AppSource; path: string }[] {
  if (Array.isArray(spec.sources)) return spec.sources.map((src, i) => ({ src, path: `spec.sources[${i}]` }));
  return isObj(spec.source) ? [{ src: spec.source, path: 'spec.source' }] : [];
}

/** The files a directory source syncs: the YAML and JSON files directly in the folder. */
function syncedFiles(files: ReadonlyMap<string, string>, dir: string): string[] {
  const prefix = `${dir.replace(/^\.?\/?/, '').replace(/\/$/, '')}/`;
  return [...files.keys()]
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && /\.(ya?ml|json)$/.test(p))
    .sort();
}

function clusterOfPath(path: string): string | undefined {
  return /^clusters\/([^/]+)\//.exec(path)?.[1] ?? /^bootstrap\/([^/]+)\.ya?ml$/.exec(path)?.[1];
}

function list(values: Iterable<string>): string {
  const all = [...new Set(values)].sort();
  return all.length > 0 ? all.join(', ') : 'none';
}

/**
 * Judges every Application of the generated tree as Argo CD will: the root Applications of
 * `bootstrap/` and the Applications their ApplicationSets generate (list generator, Go template,
 * templatePatch). For each: its AppProject exists before it, its sources and destination are
 * permitted, every object it renders is of a kind the project permits and, when namespaced, in a
 * namespace the project's destinations permit; every source on the GitOps repository reads the
 * branch the publisher writes for the cluster's environment; no sourceRepos entry goes unused.
 */
export const argoProject: FleetCheck = (fleet) => {
  const issues: Issue[] = [];
  const clusters = new Map(fleet.clusters.map((c) => [c.cluster, c]));
  const byValuesFile = new Map<string, RenderedSource[]>();
  for (const c of fleet.clusters)
    for (const s of c.sources) byValuesFile.set(s.valuesFile, [...(byValuesFile.get(s.valuesFile) ?? []), s]);

  const projects = new Map<string, ProjectDef>();
  const addProject = (origin: ProjectOrigin) => {
    const name = String(origin.doc.obj.metadata?.name ?? '');
    const def = projects.get(name) ?? { spec: (origin.doc.obj.spec ?? {}) as AppProjectSpec, origins: [] };
    def.origins.push(origin);
    projects.set(name, def);
  };

  const bootstrapDocs = [...fleet.files.keys()]
    .filter((p) => /^bootstrap\/[^/]+\.(ya?ml|json)$/.test(p))
    .sort()
    .flatMap((p) => parseDocs(p, fleet.files.get(p)!));
  for (const doc of bootstrapDocs) if (doc.obj.kind === 'AppProject') addProject({ by: 'bootstrap', doc });

  const apps: App[] = [];
  for (const doc of bootstrapDocs) {
    if (doc.obj.kind !== 'Application') continue;
    const spec: AppSpec = doc.obj.spec ?? {};
    const synced = sourcesOf(spec)
      .filter(({ src }) => typeof src.path === 'string' && !src.chart)
      .flatMap(({ src }) =>
        syncedFiles(fleet.files, src.path!).flatMap((f) => parseDocs(f, fleet.files.get(f)!)),
      );
    const name = String(doc.obj.metadata?.name ?? '');
    apps.push({
      name,
      spec,
      file: doc.file,
      at: '',
      cluster: clusterOfPath(doc.file),
      root: { doc, synced },
    });
    for (const s of synced) if (s.obj.kind === 'AppProject') addProject({ by: 'root', root: name, doc: s });
    for (const s of synced) {
      const cluster = clusterOfPath(s.file) ?? clusterOfPath(doc.file);
      if (s.obj.kind === 'Application')
        apps.push({
          name: String(s.obj.metadata?.name ?? ''),
          spec: s.obj.spec ?? {},
          file: s.file,
          at: '',
          cluster,
          parent: { root: name, doc: s },
        });
      if (s.obj.kind !== 'ApplicationSet') continue;
      for (const g of expandApplicationSet(s.obj as Record<string, unknown>)) {
        if (!g.ok) {
          issues.push({
            code: 'argo-project-template',
            file: s.file,
            ...(cluster ? { cluster } : {}),
            object: describeObject(s.obj),
            path: g.path,
            message: `ApplicationSet ${s.obj.metadata?.name}: ${g.message}`,
            expected: g.expected,
            found: g.found,
          });
          continue;
        }
        const application = g.application as Obj;
        apps.push({
          name: String(application.metadata?.name ?? ''),
          spec: application.spec ?? {},
          file: s.file,
          at: `spec.generators[${g.generator}].list.elements[${g.element}] -> `,
          cluster,
          component: application.metadata?.labels?.['app.kubernetes.io/name'],
          parent: { root: name, doc: s },
        });
      }
    }
  }

  const registered = registeredServers(
    apps.flatMap((a) => a.root?.synced.map((d) => d.obj as Record<string, unknown>) ?? []),
  );
  const used = new Map<string, Set<string>>();
  for (const app of apps) {
    const cluster = app.cluster ? clusters.get(app.cluster) : undefined;
    const renders = renderedSourcesOf(app, byValuesFile);
    const component = renders[0]?.component ?? app.component;
    const base = {
      file: app.file,
      ...(app.cluster ? { cluster: app.cluster } : {}),
      ...(component ? { component } : {}),
      object: `argoproj.io/v1alpha1 Application ${app.name}`,
    };
    const projectName = String(app.spec.project || 'default');
    const project = projects.get(projectName);
    const orderProblem = checkOrder(app, projectName, project);
    if (orderProblem) issues.push({ ...base, ...orderProblem, path: `${app.at}spec.project` });
    if (!project) continue;
    const projectFile = project.origins[0]!.doc.file;
    const usedHere = used.get(projectName) ?? new Set<string>();
    used.set(projectName, usedHere);

    for (const { src, path } of sourcesOf(app.spec)) {
      const repo = String(src.repoURL ?? '');
      const entry = sourceRepoEntryFor(project.spec, repo);
      if (entry) usedHere.add(entry);
      if (!isSourcePermitted(project.spec, repo))
        issues.push({
          ...base,
          code: 'argo-project-source',
          path: `${app.at}${path}.repoURL`,
          message: `Argo CD refuses the Application: repository ${repo} is not permitted in project ${projectName} (${projectFile})`,
          expected: `a repository matching sourceRepos: ${list(project.spec.sourceRepos ?? [])}`,
          found: repo,
          hint: 'List every repository the Applications use in the AppProject, and nothing else.',
        });
      if (normalizeRepoURL(repo) === normalizeRepoURL(fleet.fleet.gitops.repoURL) && cluster) {
        const branch = gitopsBranch(fleet.fleet, cluster.computed.context.environment);
        if (src.targetRevision !== branch)
          issues.push({
            ...base,
            code: 'argo-project-branch',
            path: `${app.at}${path}.targetRevision`,
            message: `the Application reads ${repo} at ${String(src.targetRevision ?? 'HEAD')}, a branch the publisher never writes for environment ${cluster.computed.context.environment.name}`,
            expected: fleet.fleet.gitops.branchPerEnvironment
              ? `${branch} (gitops.branchPerEnvironment: true writes one branch per environment)`
              : `${branch} (gitops.branchPerEnvironment: false writes the single branch ${branch})`,
            found: String(src.targetRevision ?? 'absent'),
          });
      }
    }

    const dest = (app.spec.destination ?? {}) as Destination;
    const unregistered = unregisteredDestination(dest.server, registered);
    if (unregistered) issues.push({ ...base, ...unregistered, path: `${app.at}spec.destination.server` });
    if (!isDestinationPermitted(project.spec, dest))
      issues.push({
        ...base,
        code: 'argo-project-destination',
        path: `${app.at}spec.destination`,
        message: `Argo CD refuses the Application: destination ${dest.server ?? dest.name}/${dest.namespace ?? ''} is not permitted in project ${projectName} (${projectFile})`,
        expected: `one of the destinations: ${list((project.spec.destinations ?? []).map((d) => `${d.server ?? d.name}/${d.namespace}`))}`,
        found: `${dest.server ?? dest.name}/${dest.namespace ?? ''}`,
      });

    const options: string[] = app.spec.syncPolicy?.syncOptions ?? [];
    if (
      options.includes('CreateNamespace=true') &&
      !isKindPermitted(project.spec, '', 'Namespace', false, dest.namespace)
    )
      issues.push({
        ...base,
        code: 'argo-project-kind',
        path: `${app.at}spec.syncPolicy.syncOptions`,
        message: `CreateNamespace=true makes Argo CD create the Namespace ${dest.namespace}, a cluster-scoped kind project ${projectName} (${projectFile}) does not permit`,
        expected: 'clusterResourceWhitelist listing group "" kind Namespace',
        found: `clusterResourceWhitelist: ${list((project.spec.clusterResourceWhitelist ?? []).map((k) => `${k.group}/${k.kind}`))}`,
      });

    const objects: { obj: K8sObject; destNs: string; file: string }[] = app.root
      ? app.root.synced.map((d) => ({ obj: d.obj as K8sObject, destNs: dest.namespace ?? '', file: d.file }))
      : renders.flatMap((r) => r.objects.map((obj) => ({ obj, destNs: r.namespace, file: r.valuesFile })));
    issues.push(...checkObjects(objects, project, projectName, projectFile, dest, cluster, base));
  }

  for (const [name, def] of projects) {
    const usedHere = used.get(name);
    if (!usedHere) continue;
    for (const repo of def.spec.sourceRepos ?? [])
      if (!repo.startsWith('!') && !usedHere.has(repo))
        issues.push({
          code: 'argo-project-unused-repo',
          file: def.origins[0]!.doc.file,
          ...(clusterOfPath(def.origins[0]!.doc.file)
            ? { cluster: clusterOfPath(def.origins[0]!.doc.file)! }
            : {}),
          object: describeObject(def.origins[0]!.doc.obj),
          path: `spec.sourceRepos[${def.spec.sourceRepos!.indexOf(repo)}]`,
          message: `project ${name} permits ${repo}, which none of its Applications uses`,
          expected: `only the repositories its Applications use: ${list(usedHere)}`,
          found: repo,
        });
  }
  return issues;
};

function renderedSourcesOf(app: App, byValuesFile: Map<string, RenderedSource[]>): RenderedSource[] {
  if (app.root) return [];
  const out: RenderedSource[] = [];
  for (const { src } of sourcesOf(app.spec))
    for (const f of src.helm?.valueFiles ?? [])
      for (const r of byValuesFile.get(f.replace(/^\$[\w-]+\//, '')) ?? [])
        if ((!app.cluster || r.cluster === app.cluster) && !out.includes(r)) out.push(r);
  return out;
}

/** The project must exist before the Application: applied earlier by hand, or synced in an earlier wave. */
function checkOrder(
  app: App,
  name: string,
  project: ProjectDef | undefined,
): Pick<Issue, 'code' | 'message' | 'expected' | 'found' | 'hint'> | undefined {
  const expected = app.root
    ? `an AppProject ${name} in a bootstrap file applied before ${app.file} (or earlier in the same file)`
    : `an AppProject ${name} applied from bootstrap/, or synced by ${app.parent!.root} in a sync wave before ${app.parent!.doc.wave}`;
  if (!project)
    return {
      code: 'argo-project-missing',
      message: `application references project ${name} which does not exist: Argo CD refuses the Application`,
      expected,
      found: 'no AppProject of that name in the tree',
    };
  const before = project.origins.some((o) => {
    if (o.by === 'bootstrap') {
      if (!app.root) return true;
      return o.doc.file !== app.file || o.doc.index < app.root.doc.index;
    }
    if (app.root) return o.root !== app.name;
    return o.root !== app.parent!.root || o.doc.wave < app.parent!.doc.wave;
  });
  if (before) return undefined;
  const where = project.origins.map((o) =>
    o.by === 'bootstrap'
      ? `${o.doc.file} document ${o.doc.index + 1}, after the Application`
      : `${o.doc.file}, synced by ${o.root} in wave ${o.doc.wave}`,
  );
  return {
    code: 'argo-project-order',
    message: app.root
      ? `root Application ${app.name} uses project ${name}, which only exists once the root Application itself has synced: Argo CD refuses it on an empty Argo CD`
      : `Application ${app.name} uses project ${name}, which is created in the same sync as its ApplicationSet (${app.parent!.doc.file}, wave ${app.parent!.doc.wave}), not before it`,
    expected,
    found: where.join('; '),
    hint: app.root
      ? 'Put the root Application in a project applied from bootstrap/ before it.'
      : 'Give the AppProject a lower argocd.argoproj.io/sync-wave than the ApplicationSet.',
  };
}

function checkObjects(
  objects: { obj: K8sObject; destNs: string; file: string }[],
  project: ProjectDef,
  projectName: string,
  projectFile: string,
  dest: Destination,
  cluster: RenderedCluster | undefined,
  base: Pick<Issue, 'file' | 'cluster' | 'component' | 'object'>,
): Issue[] {
  const issues: Issue[] = [];
  /** One issue per namespace or kind, naming the first object and counting the rest. */
  const grouped = new Map<string, { issue: Issue; count: number }>();
  const report = (key: string, make: () => Issue) => {
    const g = grouped.get(key);
    if (g) g.count++;
    else grouped.set(key, { issue: make(), count: 1 });
  };
  const destinations = list((project.spec.destinations ?? []).map((d) => d.namespace ?? ''));
  for (const { obj } of objects) {
    const group = groupOf(String(obj.apiVersion));
    const gk = `${group}/${obj.kind}`;
    const namespaced = isNamespaced(String(obj.apiVersion), String(obj.kind), cluster);
    if (namespaced === undefined) {
      report(`scope ${gk}`, () => ({
        ...base,
        code: 'argo-project-unknown-kind',
        object: describeObject(obj),
        path: 'kind',
        message: `no built-in API and no CRD rendered for this cluster defines ${gk}: Argo CD cannot sync it`,
        expected: 'a built-in kind or one whose CRD the cluster installs',
        found: gk,
      }));
      continue;
    }
    const name = obj.metadata?.name;
    if (!isKindPermitted(project.spec, group, String(obj.kind), namespaced, name)) {
      const listName = namespaced ? 'namespaceResourceWhitelist' : 'clusterResourceWhitelist';
      const entries =
        (namespaced ? project.spec.namespaceResourceWhitelist : project.spec.clusterResourceWhitelist) ?? [];
      report(`kind ${gk}`, () => ({
        ...base,
        code: 'argo-project-kind',
        object: describeObject(obj, namespaced ? obj.metadata?.namespace || dest.namespace : undefined),
        path: 'kind',
        message: `Argo CD refuses to sync: resource ${gk} is not permitted in project ${projectName} (${projectFile}, ${listName})`,
        expected: `${listName} listing group "${group}" kind ${obj.kind}`,
        found: `${listName}: ${list(entries.map((k) => `${k.group}/${k.kind}`))}`,
        hint: `Declare { group: '${group}', kind: '${obj.kind}' } in the component's resources.${namespaced ? 'namespaced' : 'cluster'}.`,
      }));
    }
    if (!namespaced) continue;
    const ns = obj.metadata?.namespace || dest.namespace || '';
    if (!isDestinationPermitted(project.spec, { ...dest, namespace: ns }))
      report(`ns ${ns}`, () => ({
        ...base,
        code: 'argo-project-namespace',
        object: describeObject(obj, ns),
        path: 'metadata.namespace',
        message: `Argo CD fails the sync: namespace ${ns} is not permitted in project ${projectName} (${projectFile})`,
        expected: `a namespace of the project's destinations on ${dest.server ?? dest.name}: ${destinations}`,
        found: ns,
        hint: `Declare ${ns} in the component's resources.extraNamespaces.`,
      }));
  }
  for (const { issue, count } of grouped.values())
    issues.push(
      count > 1 ? { ...issue, message: `${issue.message} (and ${count - 1} more object(s))` } : issue,
    );
  return issues;
}
