import { PlatformError } from '@platform/errors';
import { parseAllDocuments } from 'yaml';

type Obj = Record<string, unknown>;

/** One source of an Argo CD Application (the fields the renderer reads). */
export interface AppSource {
  repoURL: string;
  targetRevision?: string;
  chart?: string;
  path?: string;
  ref?: string;
  helm?: { releaseName?: string; valueFiles?: string[]; values?: string; valuesObject?: Obj };
}

/** An Argo CD Application as the ApplicationSet controller would create it from the tree. */
export interface GeneratedApplication {
  /** The tree file it came from (an ApplicationSet, or a bootstrap file). */
  file: string;
  /** The cluster folder it belongs to. */
  cluster: string;
  /** The `component` element of the list generator (undefined for root Applications). */
  component?: string;
  manifest: Obj & { metadata: Obj & { name: string }; spec: Obj };
  sources: AppSource[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The subset of Go templates our ApplicationSets use, with `missingkey=error`: `{{ .key }}` and
 * `{{ toJson .key }}`. Anything else is an error rather than a guess.
 */
export function goTemplate(text: string, element: Obj, where: string): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_, expr: string) => {
    const m = /^(toJson\s+)?\.([A-Za-z_][\w]*)$/.exec(expr);
    if (!m) throw new PlatformError(`${where}: unsupported template expression {{ ${expr} }}`);
    const key = m[2] as string;
    if (!Object.hasOwn(element, key)) {
      throw new PlatformError(`${where}: map has no entry for key "${key}" (missingkey=error)`);
    }
    const value = element[key];
    return m[1] ? JSON.stringify(value) : typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function templateDeep(v: unknown, element: Obj, where: string): unknown {
  if (typeof v === 'string') return goTemplate(v, element, where);
  if (Array.isArray(v)) return v.map((x) => templateDeep(x, element, where));
  if (isObj(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, templateDeep(x, element, where)]));
  return v;
}

function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isObj(base) || !isObj(patch)) return patch;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = v === null ? undefined : mergePatch(base[k], v);
  return out;
}

function docs(file: string, text: string): Obj[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length > 0) throw new PlatformError(`${file}: ${d.errors[0]?.message}`);
      return d.toJS() as unknown;
    })
    .filter(isObj);
}

function sourcesOf(spec: Obj): AppSource[] {
  if (Array.isArray(spec.sources)) return spec.sources as AppSource[];
  return isObj(spec.source) ? [spec.source as unknown as AppSource] : [];
}

/** The Applications one ApplicationSet generates (list generators, goTemplate, templatePatch). */
export function expandApplicationSet(file: string, cluster: string, appSet: Obj): GeneratedApplication[] {
  const spec = (appSet.spec ?? {}) as Obj;
  const out: GeneratedApplication[] = [];
  for (const [g, gen] of ((spec.generators as Obj[] | undefined) ?? []).entries()) {
    const list = (gen as Obj).list as { elements?: Obj[] } | undefined;
    if (!list) throw new PlatformError(`${file}: generators[${g}] is not a list generator`);
    for (const [e, element] of (list.elements ?? []).entries()) {
      const where = `${file}: generators[${g}].list.elements[${e}]`;
      let app = templateDeep(spec.template, element, where) as Obj;
      if (typeof spec.templatePatch === 'string') {
        const patch = docs(file, goTemplate(spec.templatePatch, element, where))[0];
        app = mergePatch(app, patch) as Obj;
      }
      const manifest = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...app,
        metadata: { namespace: (appSet.metadata as Obj | undefined)?.namespace, ...(app.metadata as Obj) },
      } as unknown as GeneratedApplication['manifest'];
      out.push({
        file,
        cluster,
        component: typeof element.component === 'string' ? element.component : undefined,
        manifest,
        sources: sourcesOf(manifest.spec),
      });
    }
  }
  return out;
}

/**
 * Every Application the tree makes Argo CD create: the root Applications in `bootstrap/` and
 * the Applications each cluster's ApplicationSets generate, in path then generator order.
 */
export function applicationsOfTree(files: ReadonlyMap<string, string>): GeneratedApplication[] {
  const out: GeneratedApplication[] = [];
  for (const path of [...files.keys()].sort()) {
    const root = /^bootstrap\/([^/]+)\.yaml$/.exec(path);
    const apps = /^clusters\/([^/]+)\/apps\/[^/]+\.yaml$/.exec(path);
    if (!root && !apps) continue;
    const cluster = (root ?? apps)?.[1] as string;
    for (const doc of docs(path, files.get(path) as string)) {
      if (doc.kind === 'Application') {
        const manifest = doc as GeneratedApplication['manifest'];
        out.push({ file: path, cluster, manifest, sources: sourcesOf(manifest.spec) });
      } else if (doc.kind === 'ApplicationSet') {
        out.push(...expandApplicationSet(path, cluster, doc));
      }
    }
  }
  return out;
}

/** Every object of kind `kind` in the tree's YAML files under `prefix`, with its file. */
export function treeObjects(
  files: ReadonlyMap<string, string>,
  filter: (path: string) => boolean,
): { file: string; manifest: Obj }[] {
  const out: { file: string; manifest: Obj }[] = [];
  for (const path of [...files.keys()].sort()) {
    if (!filter(path) || !path.endsWith('.yaml')) continue;
    for (const manifest of docs(path, files.get(path) as string)) out.push({ file: path, manifest });
  }
  return out;
}
