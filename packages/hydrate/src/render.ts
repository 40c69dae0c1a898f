import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import type { ComputedCluster, FleetSettings } from '@platform/core';
import { type Issue, PlatformError, ValidationError } from '@platform/errors';
import { type AppSource, applicationsOfTree, type GeneratedApplication } from './applications.ts';
import { ChartNotCachedError, type ChartPin, cachedChartPath, fileDigest } from './charts.ts';
import { crdApiVersions, parseRendered, sortObjects } from './manifests.ts';
import { readTgz } from './tar.ts';
import type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from './types.ts';

const run = promisify(execFile);

export interface RenderOptions {
  /** The generated GitOps tree (path -> content). */
  files: ReadonlyMap<string, string>;
  /** The computed clusters the tree was generated from (Kubernetes version, components, waves). */
  clusters: readonly ComputedCluster[];
  fleet: FleetSettings;
  helmBin: string;
  /** Pulled upstream charts (`pnpm charts:pull`). */
  chartCacheDir: string;
  /** Cached renders, keyed by everything a render depends on. */
  renderCacheDir: string;
  /** Parallel helm processes; the number of cores by default. */
  concurrency?: number;
  /** Do not read cached renders (they are still written). */
  noCache?: boolean;
}

/** What a render run did, for the command's output and the benchmark. */
export interface RenderStats {
  renders: number;
  cached: number;
  sources: number;
}

/** One helm template invocation. */
interface Job {
  app: GeneratedApplication;
  cluster: ComputedCluster;
  source: AppSource;
  sourceId: string;
  chartPath: string;
  chartDigest: string;
  chartName: string;
  chartVersion: string;
  usesApiVersions: boolean;
  releaseName: string;
  namespace: string;
  valuesFiles: { path: string; content: string }[];
  objects?: K8sObject[];
}

/** A render that helm refused, with helm's message. */
export class RenderError extends PlatformError {}

function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

/** Runs `tasks` with at most `n` in flight; results in input order. */
async function pool<T>(items: readonly T[], n: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

/** A chart's files say whether its output depends on `.Capabilities.APIVersions`. */
function templatesUseApiVersions(files: Iterable<{ path: string; content: string | Buffer }>): boolean {
  for (const f of files) {
    if (
      /(^|\/)templates\/.*\.(ya?ml|tpl|txt|json)$/.test(f.path) &&
      f.content.toString().includes('APIVersions')
    ) {
      return true;
    }
  }
  return false;
}

export class Renderer {
  readonly stats: RenderStats = { renders: 0, cached: 0, sources: 0 };
  private readonly chartInfo = new Map<string, { digest: string; usesApiVersions: boolean }>();
  private readonly helmVersion: Promise<string>;

  constructor(private readonly opts: RenderOptions) {
    this.helmVersion = run(opts.helmBin, ['version', '--short'], { encoding: 'utf8' }).then((r) =>
      r.stdout.trim(),
    );
  }

  /** Our chart at `path` in the tree, written once per content digest into the render cache. */
  private treeChart(path: string): {
    dir: string;
    digest: string;
    usesApiVersions: boolean;
    name: string;
    version: string;
  } {
    const prefix = `${path.replace(/\/$/, '')}/`;
    const files = [...this.opts.files]
      .filter(([p]) => p.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if (files.length === 0) throw new RenderError(`the tree has no chart at ${path}`);
    const digest = sha256(...files.flatMap(([p, c]) => [p.slice(prefix.length), c]));
    const dir = join(this.opts.renderCacheDir, 'charts', digest.slice(0, 16));
    if (!existsSync(join(dir, 'Chart.yaml'))) {
      const tmp = `${dir}.tmp-${process.pid}`;
      for (const [p, c] of files) {
        const target = join(tmp, p.slice(prefix.length));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, c);
      }
      mkdirSync(dirname(dir), { recursive: true });
      renameSync(tmp, dir);
    }
    const chartYaml = this.opts.files.get(`${prefix}Chart.yaml`) ?? '';
    return {
      dir,
      digest,
      usesApiVersions: templatesUseApiVersions(files.map(([p, c]) => ({ path: p, content: c }))),
      name: /^name:\s*(\S+)/m.exec(chartYaml)?.[1] ?? posix.basename(path),
      version: /^version:\s*"?([^"\s]+)/m.exec(chartYaml)?.[1] ?? '0.0.0',
    };
  }

  private upstreamChart(source: AppSource): { path: string; digest: string; usesApiVersions: boolean } {
    const path = cachedChartPath(
      this.opts.chartCacheDir,
      source.chart as string,
      source.targetRevision as string,
    );
    let info = this.chartInfo.get(path);
    if (!info) {
      const data = readFileSync(path);
      info = {
        digest: createHash('sha256').update(data).digest('hex'),
        usesApiVersions: templatesUseApiVersions(readTgz(data)),
      };
      this.chartInfo.set(path, info);
    }
    return { path, ...info };
  }

  /** The render jobs of every generated Application of the selected clusters. */
  jobs(): Job[] {
    const byName = new Map(this.opts.clusters.map((c) => [c.context.cluster.name, c]));
    const apps = applicationsOfTree(this.opts.files).filter(
      (a) => a.component !== undefined && byName.has(a.cluster),
    );
    const missing = new Map<string, ChartPin>();
    for (const app of apps) {
      for (const s of app.sources) {
        if (!s.chart) continue;
        const version = s.targetRevision ?? '';
        if (!existsSync(cachedChartPath(this.opts.chartCacheDir, s.chart, version))) {
          const key = `${s.chart}@${version}`;
          const pin = missing.get(key) ?? { repoURL: s.repoURL, chart: s.chart, version, components: [] };
          if (app.component && !pin.components.includes(app.component)) pin.components.push(app.component);
          missing.set(key, pin);
        }
      }
    }
    if (missing.size > 0) throw new ChartNotCachedError([...missing.values()], this.opts.chartCacheDir);
    const jobs: Job[] = [];
    for (const app of apps) {
      const cluster = byName.get(app.cluster) as ComputedCluster;
      const namespace = String(
        (app.manifest.spec.destination as { namespace?: string } | undefined)?.namespace ?? 'default',
      );
      for (const source of app.sources) {
        if (source.ref !== undefined && !source.chart && !source.path) continue;
        const valuesFiles = (source.helm?.valueFiles ?? []).map((f) => {
          const path = f.startsWith('$values/')
            ? f.slice('$values/'.length)
            : posix.join(source.path ?? '', f);
          const content = this.opts.files.get(path);
          if (content === undefined) {
            throw new RenderError(
              `${app.file}: Application ${app.manifest.metadata.name} references ${f}, which the tree does not contain`,
            );
          }
          return { path, content };
        });
        const sourceId =
          /values-([^/]+)\.yaml$/.exec(valuesFiles[0]?.path ?? '')?.[1] ??
          source.chart ??
          posix.basename(source.path ?? 'source');
        const releaseName = source.helm?.releaseName ?? (app.manifest.metadata.name as string);
        if (source.chart) {
          const chart = this.upstreamChart(source);
          jobs.push({
            app,
            cluster,
            source,
            sourceId,
            releaseName,
            namespace,
            valuesFiles,
            chartPath: chart.path,
            chartDigest: chart.digest,
            usesApiVersions: chart.usesApiVersions,
            chartName: source.chart,
            chartVersion: source.targetRevision ?? '',
          });
        } else if (source.path) {
          const chart = this.treeChart(source.path);
          jobs.push({
            app,
            cluster,
            source,
            sourceId,
            releaseName,
            namespace,
            valuesFiles,
            chartPath: chart.dir,
            chartDigest: chart.digest,
            usesApiVersions: chart.usesApiVersions,
            chartName: chart.name,
            chartVersion: chart.version,
          });
        }
      }
    }
    return jobs;
  }

  private async render(job: Job, apiVersions: readonly string[]): Promise<void> {
    const kubeVersion = job.cluster.context.cluster.kubernetesVersion;
    const apis = job.usesApiVersions ? [...apiVersions] : [];
    const key = sha256(
      await this.helmVersion,
      job.chartDigest,
      job.releaseName,
      job.namespace,
      kubeVersion,
      apis.join(','),
      ...job.valuesFiles.map((v) => v.content),
    );
    const cacheFile = join(this.opts.renderCacheDir, 'renders', key.slice(0, 2), `${key}.yaml`);
    const where = `${job.app.cluster}/${job.app.component}: ${job.chartName}@${job.chartVersion} (release ${job.releaseName}, namespace ${job.namespace})`;
    let text: string;
    if (!this.opts.noCache && existsSync(cacheFile)) {
      text = readFileSync(cacheFile, 'utf8');
      this.stats.cached++;
    } else {
      const tmpDir = join(this.opts.renderCacheDir, 'tmp');
      mkdirSync(tmpDir, { recursive: true });
      const args = ['template', job.releaseName, job.chartPath, '--namespace', job.namespace];
      args.push('--kube-version', kubeVersion, '--include-crds');
      for (const a of apis) args.push('--api-versions', a);
      for (const [i, v] of job.valuesFiles.entries()) {
        const f = join(tmpDir, `${key}-${i}.yaml`);
        writeFileSync(f, v.content);
        args.push('--values', f);
      }
      try {
        ({ stdout: text } = await run(this.opts.helmBin, args, {
          encoding: 'utf8',
          maxBuffer: 512 * 1024 * 1024,
        }));
      } catch (error) {
        const stderr = ((error as { stderr?: string }).stderr || (error as Error).message)
          .replace(/\n*Use --debug flag to render out invalid YAML\s*$/, '')
          .trim();
        throw new RenderError(`${where}: helm template failed: ${stderr}`);
      }
      mkdirSync(dirname(cacheFile), { recursive: true });
      writeFileSync(`${cacheFile}.${process.pid}`, text);
      renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      this.stats.renders++;
    }
    job.objects = sortObjects(parseRendered(text, where));
  }

  /**
   * Renders every job. Sources whose templates never look at `.Capabilities.APIVersions` render
   * once; the others render with the API versions of every CRD the cluster's renders install,
   * again while that set grows (a chart that adds CRDs only when another CRD exists).
   */
  async renderAll(jobs: readonly Job[]): Promise<Map<string, string[]>> {
    const n = this.opts.concurrency ?? availableParallelism();
    const errors = new Map<string, Issue>();
    const guard = (apis: (job: Job) => readonly string[]) => async (job: Job) => {
      try {
        await this.render(job, apis(job));
      } catch (error) {
        const message = (error as Error).message;
        errors.set(message, {
          code: 'render-failed',
          file: job.valuesFiles[0]?.path,
          cluster: job.app.cluster,
          component: job.app.component,
          message: `Argo CD cannot render this Application: ${message.replace(/^[^:]+: /, '')}`,
          hint: 'Fix the values (or the chart) so that helm template succeeds.',
        });
      }
    };
    await pool(
      jobs.filter((j) => !j.usesApiVersions),
      n,
      guard(() => []),
    );
    const clusters = [...new Set(jobs.map((j) => j.app.cluster))];
    const apiSets = new Map<string, string[]>();
    const crds = (c: string) =>
      crdApiVersions(jobs.filter((j) => j.app.cluster === c).flatMap((j) => j.objects ?? []));
    for (const c of clusters) apiSets.set(c, crds(c));
    let pending = jobs.filter((j) => j.usesApiVersions);
    for (let round = 0; pending.length > 0 && round < 4; round++) {
      await pool(
        pending,
        n,
        guard((j) => apiSets.get(j.app.cluster) ?? []),
      );
      const grown = new Set<string>();
      for (const c of clusters) {
        const next = crds(c);
        if (next.join(',') !== (apiSets.get(c) ?? []).join(',')) grown.add(c);
        apiSets.set(c, next);
      }
      pending = pending.filter((j) => grown.has(j.app.cluster));
    }
    if (errors.size > 0) {
      throw new ValidationError([...errors.keys()].sort().map((k) => errors.get(k) as Issue));
    }
    this.stats.sources += jobs.length;
    return apiSets;
  }
}

/** Renders every generated Application of the tree for the given clusters, as Argo CD would. */
export async function renderFleet(
  opts: RenderOptions,
): Promise<{ rendered: RenderedFleet; stats: RenderStats }> {
  const renderer = new Renderer(opts);
  const jobs = renderer.jobs();
  const apiSets = await renderer.renderAll(jobs);
  const clusters: RenderedCluster[] = opts.clusters.map((computed) => {
    const name = computed.context.cluster.name;
    const sources: RenderedSource[] = jobs
      .filter((j) => j.app.cluster === name)
      .map((j) => ({
        cluster: name,
        component: j.app.component as string,
        source: j.sourceId,
        chart: j.chartName,
        version: j.chartVersion,
        releaseName: j.releaseName,
        namespace: j.namespace,
        valuesFile: j.valuesFiles[0]?.path ?? '',
        objects: j.objects ?? [],
      }));
    return {
      cluster: name,
      kubeVersion: computed.context.cluster.kubernetesVersion,
      apiVersions: apiSets.get(name) ?? [],
      computed,
      sources,
    };
  });
  return { rendered: { fleet: opts.fleet, clusters, files: opts.files }, stats: renderer.stats };
}

export { fileDigest };
