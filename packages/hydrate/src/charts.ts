import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PlatformError } from '@platform/errors';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);

/** An upstream chart pinned by one or more components. */
export interface ChartPin {
  /** `https://...` Helm repository or `oci://registry/path` (without the chart name). */
  repoURL: string;
  chart: string;
  version: string;
  /** Components that pin it (for messages). */
  components: string[];
}

/** A chart that is missing from the cache. */
export class ChartNotCachedError extends PlatformError {
  constructor(
    readonly missing: readonly ChartPin[],
    cacheDir: string,
  ) {
    super(
      `${missing.length} pinned chart(s) are not in the chart cache ${cacheDir}: ${missing
        .map((p) => `${p.chart}@${p.version} (${p.components.join(', ')})`)
        .join(
          ', ',
        )}. Run "pnpm charts:pull" (with --mirror <url or dir> or CHART_MIRROR on an offline machine), or pass --no-render to skip rendering and its checks.`,
    );
  }
}

/** The chart cache: `$CHART_CACHE`, else `<root>/.cache/charts` (git-ignored). */
export function chartCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.CHART_CACHE ? resolve(env.CHART_CACHE) : join(root, '.cache', 'charts');
}

/** Where a pinned chart lives in the cache (helm pull's own file name). */
export function cachedChartPath(cacheDir: string, chart: string, version: string): string {
  return join(cacheDir, `${chart}-${version}.tgz`);
}

/** One pin per (repository, chart, version), components merged, in a stable order. */
export function uniquePins(
  charts: readonly { component: string; repoURL: string; chart: string; version: string }[],
): ChartPin[] {
  const byKey = new Map<string, ChartPin>();
  for (const c of charts) {
    const key = `${c.repoURL}|${c.chart}|${c.version}`;
    const pin = byKey.get(key) ?? { repoURL: c.repoURL, chart: c.chart, version: c.version, components: [] };
    if (!pin.components.includes(c.component)) pin.components.push(c.component);
    byKey.set(key, pin);
  }
  return [...byKey.values()].sort((a, b) =>
    `${a.chart}@${a.version}`.localeCompare(`${b.chart}@${b.version}`),
  );
}

/** The pins missing from the cache. */
export function missingCharts(pins: readonly ChartPin[], cacheDir: string): ChartPin[] {
  return pins.filter((p) => !existsSync(cachedChartPath(cacheDir, p.chart, p.version)));
}

/** sha256 of a file (a chart's digest, as in a Helm repository index). */
export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export interface PullOptions {
  cacheDir: string;
  helmBin: string;
  /** A Helm repository that serves every pin by name and version: an `http(s)://` URL, a directory or `file://` URL. */
  mirror?: string | undefined;
  /** Pull again even when the chart is cached. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface PullResult {
  pulled: ChartPin[];
  cached: ChartPin[];
  source: string;
}

/** Is this mirror a local directory (a path or a `file://` URL)? Returns the directory. */
function mirrorDir(mirror: string): string | undefined {
  if (mirror.startsWith('file://')) return fileURLToPath(mirror);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(mirror)) return undefined;
  return resolve(mirror);
}

/**
 * Serves a directory holding a Helm repository (`index.yaml` plus packages) on 127.0.0.1, with
 * the index's chart URLs pointed at this server, so the real `helm pull --repo` can read it.
 */
async function serveRepositoryDir(dir: string): Promise<{ url: string; server: Server }> {
  const indexPath = join(dir, 'index.yaml');
  if (!existsSync(indexPath)) {
    throw new PlatformError(`chart mirror ${dir} is not a Helm repository: it has no index.yaml`);
  }
  const index = parse(readFileSync(indexPath, 'utf8')) as {
    entries?: Record<string, { urls?: string[] }[]>;
  };
  let base = '';
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/').replace(/^\/+/, '');
    if (name === 'index.yaml') {
      for (const versions of Object.values(index.entries ?? {})) {
        for (const v of versions) v.urls = (v.urls ?? []).map((u) => `${base}/${basename(u)}`);
      }
      res.writeHead(200, { 'content-type': 'application/x-yaml' }).end(stringify(index));
      return;
    }
    const file = join(dir, basename(name));
    if (name.includes('/') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(file));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, server };
}

function pullArgs(pin: ChartPin, repo: string | undefined, dest: string): string[] {
  const common = ['--version', pin.version, '--destination', dest];
  if (repo !== undefined) return ['pull', pin.chart, '--repo', repo, ...common];
  if (pin.repoURL.startsWith('oci://'))
    return ['pull', `${pin.repoURL.replace(/\/$/, '')}/${pin.chart}`, ...common];
  return ['pull', pin.chart, '--repo', pin.repoURL, ...common];
}

/**
 * Pulls every pin with the real `helm pull` into the cache: from each chart's own repository
 * (HTTP or OCI), or from one mirror. A pin the source does not have is an error naming the
 * components, the chart and the version. Each chart is downloaded to a temporary folder and
 * moved into place, so an interrupted pull never leaves a partial file in the cache.
 */
export async function pullCharts(pins: readonly ChartPin[], opts: PullOptions): Promise<PullResult> {
  mkdirSync(opts.cacheDir, { recursive: true });
  const todo = opts.force ? [...pins] : missingCharts(pins, opts.cacheDir);
  const cached = pins.filter((p) => !todo.includes(p));
  const dir = opts.mirror === undefined ? undefined : mirrorDir(opts.mirror);
  const served = dir === undefined ? undefined : await serveRepositoryDir(dir);
  const repo = served?.url ?? opts.mirror;
  const source = opts.mirror ?? 'the upstream repositories';
  const failures: string[] = [];
  try {
    for (const pin of todo) {
      const tmp = mkdtempSync(join(opts.cacheDir, '.pull-'));
      try {
        opts.log?.(`pulling ${pin.chart}@${pin.version} from ${opts.mirror ?? pin.repoURL}`);
        await run(opts.helmBin, pullArgs(pin, repo, tmp), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
        const file = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
        if (file === undefined) throw new Error('helm pull wrote no .tgz file');
        renameSync(join(tmp, file), cachedChartPath(opts.cacheDir, pin.chart, pin.version));
      } catch (error) {
        const stderr = ((error as { stderr?: string }).stderr || (error as Error).message).trim();
        failures.push(
          `${pin.components.join(', ')}: chart ${pin.chart} version ${pin.version} could not be pulled from ${source}: ${stderr.split('\n').at(-1)}`,
        );
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  } finally {
    served?.server.close();
  }
  if (failures.length > 0) {
    throw new PlatformError(
      `${failures.length} chart(s) could not be pulled:\n${failures.map((f) => `  - ${f}`).join('\n')}`,
    );
  }
  return { pulled: todo, cached, source };
}

/** `tmpdir()` re-exported for tests that need a scratch cache. */
export const scratchDir = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));
