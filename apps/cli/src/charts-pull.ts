#!/usr/bin/env node
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateHelm } from '@platform/chart-harness';
import { PlatformError } from '@platform/errors';
import { chartCacheDir, pullCharts, uniquePins } from '@platform/hydrate';
import { discoverComponents } from './registry.ts';
import { findRoot } from './root.ts';

export const PULL_HELP = `Usage: pnpm charts:pull [--mirror <url or dir>] [--force] [--list]

Pulls every upstream chart the components pin (repository, chart, exact version) with the real
"helm pull" into the chart cache (.cache/charts, or $CHART_CACHE). Charts already there are kept.

  --mirror <url or dir>   pull from this Helm repository instead of each chart's own (an offline
                          mirror: http(s) URL, or a directory / file:// URL holding index.yaml and
                          the packages); defaults to $CHART_MIRROR
  --force                 pull again even when a chart is cached
  --list                  print the pins and whether each is cached; pull nothing
`;

/** Runs the command; returns the exit code (0 ok, 1 a pull failed, 2 usage). */
export async function pullMain(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let mirror = env.CHART_MIRROR || undefined;
  let force = false;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--mirror' && argv[i + 1] !== undefined) mirror = argv[++i];
    else if (a?.startsWith('--mirror=')) mirror = a.slice('--mirror='.length);
    else if (a === '--force') force = true;
    else if (a === '--list') list = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(PULL_HELP);
      return 0;
    } else {
      process.stderr.write(`charts:pull: unknown argument ${JSON.stringify(a)}\n${PULL_HELP}`);
      return 2;
    }
  }
  try {
    const root = findRoot();
    const cacheDir = chartCacheDir(root, env);
    const components = await discoverComponents(root);
    const pins = uniquePins(
      components.flatMap((c) =>
        c.definition.upstreamCharts.map((u) => ({ component: c.definition.name, ...u })),
      ),
    );
    if (list) {
      const { existsSync } = await import('node:fs');
      const { cachedChartPath } = await import('@platform/hydrate');
      for (const p of pins) {
        const cached = existsSync(cachedChartPath(cacheDir, p.chart, p.version));
        process.stdout.write(
          `${cached ? 'cached ' : 'missing'} ${p.chart}@${p.version} ${p.repoURL} (${p.components.join(', ')})\n`,
        );
      }
      return 0;
    }
    const mirrorArg =
      mirror && !/^[a-z][a-z0-9+.-]*:\/\//i.test(mirror)
        ? resolve(env.INIT_CWD ?? process.cwd(), mirror)
        : mirror;
    const result = await pullCharts(pins, {
      cacheDir,
      helmBin: locateHelm(),
      mirror: mirrorArg,
      force,
      log: (l) => process.stderr.write(`charts:pull: ${l}\n`),
    });
    process.stdout.write(
      `charts:pull: ${result.pulled.length} pulled from ${result.source}, ${result.cached.length} already cached, in ${cacheDir}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `charts:pull: ${error instanceof PlatformError ? error.message : `unexpected error: ${(error as Error).stack}`}\n`,
    );
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await pullMain(process.argv.slice(2));
}
