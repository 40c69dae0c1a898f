#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describePath } from '@platform/emitter';
import { GitError, PlatformError, UsageError, ValidationError } from '@platform/errors';
import { type CliOptions, HELP, parseCliArgs } from './args.ts';
import { explain, formatExplanation } from './explain.ts';
import { generate, generatorInfo, type Workspace } from './generate.ts';
import { renderAndCheck } from './hydrate-step.ts';
import type { SourceHooks } from './publish.ts';
import { formatDiff, formatLocatedIssue, formatSummary } from './report.ts';
import { findRoot } from './root.ts';
import { compareTrees, readTree, writeTree } from './tree-io.ts';

/** Exit codes: 0 success, 1 validation or check failure, 2 usage error, 3 git error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2, git: 3 } as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

/** Runs the command; returns the exit code. Never calls process.exit (tests call it directly). */
export async function run(
  argv: readonly string[],
  io: Io,
  cwd = process.env.INIT_CWD ?? process.cwd(),
  hooks: SourceHooks = {},
): Promise<number> {
  let opts: CliOptions | undefined;
  try {
    opts = parseCliArgs(argv);
    const root = findRoot();
    if (opts.mode === 'help' || opts.mode === 'version') {
      io.out(opts.mode === 'help' ? HELP : generatorInfo(root).version);
      return EXIT.ok;
    }
    const ws: Workspace = { root, inventoryDir: resolve(cwd, opts.inventory ?? join(root, 'gitops')) };
    if (opts.dir !== undefined) {
      // Checked before the work: a file where the tree should go is a usage error, not a crash.
      const dir = resolve(cwd, opts.dir);
      if (existsSync(dir) && !statSync(dir).isDirectory())
        throw new UsageError(`--${opts.mode} must be a directory: ${dir} is a file`);
    }
    const progress = io.isTTY && !opts.quiet && !opts.json ? (s: string) => io.err(`- ${s}`) : undefined;
    const t0 = performance.now();
    const gen = await generate(ws, { environments: opts.environments, clusters: opts.clusters, progress });
    if (!opts.quiet && !opts.json) for (const note of gen.notes) io.err(`note: ${note}`);
    // Promotion is refused before the (slow) rendering when the options or the checkout say so.
    const plan =
      opts.mode === 'publish'
        ? await (await import('./publish.ts')).planPromotion(ws, gen, opts, hooks)
        : undefined;
    let renderedFleet: Awaited<ReturnType<typeof renderAndCheck>> | undefined;
    if (opts.mode === 'publish' || opts.mode === 'out' || opts.mode === 'render') {
      if (opts.noRender)
        gen.rendered = 'skipped (--no-render): the Applications were not rendered or checked';
      else {
        renderedFleet = await renderAndCheck(ws, gen, {
          progress,
          keepRenders: opts.mode === 'render',
          admit: opts.admit,
        });
        gen.rendered = renderedFleet.summary;
      }
    }
    const generatedAt = performance.now();
    // For the benchmark: phase timings on stderr.
    const timings = (phase: string) => {
      if (process.env.GEN_GITOPS_TIMINGS === '1') {
        const ms = (x: number) => Math.round(x * 10) / 10;
        io.err(
          `timings: ${JSON.stringify({ generateMs: ms(generatedAt - t0), [phase]: ms(performance.now() - generatedAt) })}`,
        );
      }
    };
    const json = (o: object) => io.out(JSON.stringify(o, null, 2));
    if (opts.mode === 'diff' && opts.rendered) {
      const dir = resolve(cwd, opts.dir!);
      const { renderTree } = await import('./hydrate-step.ts');
      const { diffRendered, formatRenderedDiff } = await import('./rendered-diff.ts');
      const before = await renderTree(ws, readTree(dir), gen, { progress });
      const after = await renderTree(ws, gen.files, gen, { progress });
      const changes = diffRendered(before, after);
      opts.json
        ? json({ ok: true, mode: 'diff', rendered: true, dir, changes })
        : io.out(formatRenderedDiff(changes));
      return EXIT.ok;
    }
    switch (opts.mode) {
      case 'explain': {
        const e = explain(gen.clusters, opts.explain!.cluster, opts.explain!.component, opts.explain!.path, {
          fleet: gen.fleet,
          components: gen.components,
          root,
        });
        opts.json ? json({ ok: true, explain: e }) : io.out(formatExplanation(e));
        return EXIT.ok;
      }
      case 'diff':
      case 'check': {
        const dir = resolve(cwd, opts.dir!);
        const actual = readTree(dir);
        const diff = compareTrees(gen.files, actual);
        const same = diff.added.length + diff.changed.length + diff.removed.length === 0;
        if (opts.json) json({ ok: same, mode: opts.mode, dir, ...diff });
        else if (same) io.out(`${dir} is up to date (${gen.files.size} files)`);
        else if (opts.mode === 'check') {
          io.err(`${dir} is not what gen:gitops generates:\n${formatSummary(diff, describePath)}`);
          io.err('Run "pnpm gen:gitops --out <dir>" to update it.');
        } else io.out(formatDiff(diff, actual, gen.files, describePath));
        return opts.mode === 'check' && !same ? EXIT.invalid : EXIT.ok;
      }
      case 'render': {
        const dir = resolve(cwd, opts.dir!);
        const { renderedFiles } = await import('@platform/hydrate');
        const files = renderedFiles(renderedFleet!.rendered, generatorInfo(root));
        const diff = writeTree(dir, files);
        const issues = renderedFleet!.issues;
        if (opts.json)
          json({ ok: issues.length === 0, dir, files: files.size, ...renderedFleet!.stats, issues });
        else {
          io.out(
            `rendered ${files.size} sources into ${dir} (${renderedFleet!.stats.renders} rendered, ${renderedFleet!.stats.cached} from the render cache; ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed)`,
          );
          if (issues.length > 0) {
            io.err(`gen:gitops: the fleet checks found ${issues.length} problem(s) in the rendered objects:`);
            for (const i of issues) io.err(`  - ${formatLocatedIssue(i)}`);
          }
        }
        return issues.length === 0 ? EXIT.ok : EXIT.invalid;
      }
      case 'out': {
        const dir = resolve(cwd, opts.dir!);
        const diff = writeTree(dir, gen.files);
        timings('writeMs');
        if (opts.json) json({ ok: true, dir, files: gen.files.size, rendered: gen.rendered, ...diff });
        else {
          io.out(
            `wrote ${gen.files.size} files to ${dir} (${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed)`,
          );
          io.out(`rendered: ${gen.rendered}`);
        }
        return EXIT.ok;
      }
      default: {
        const { publishTree } = await import('./publish.ts');
        const result = await publishTree(ws, gen, opts, cwd, plan, hooks);
        timings('publishMs');
        if (opts.json) json({ ok: true, rendered: gen.rendered, ...result });
        else io.out(`${result.summary}\nrendered: ${gen.rendered}`);
        return EXIT.ok;
      }
    }
  } catch (err) {
    return report(err, io, opts?.json === true);
  }
}

function report(err: unknown, io: Io, json: boolean): number {
  const code =
    err instanceof UsageError
      ? EXIT.usage
      : err instanceof GitError
        ? EXIT.git
        : err instanceof PlatformError
          ? EXIT.invalid
          : 1;
  if (json) {
    const issues = err instanceof ValidationError ? err.issues : [];
    io.out(JSON.stringify({ ok: false, error: (err as Error).message, issues }, null, 2));
    return code;
  }
  if (err instanceof ValidationError) {
    io.err(`gen:gitops: ${err.issues.length} problem(s) found; nothing was written:`);
    for (const i of err.issues) io.err(`  - ${formatLocatedIssue(i)}`);
  } else if (err instanceof UsageError && !err.message.includes('Usage:')) {
    io.err(`gen:gitops: ${err.message}\nRun "pnpm gen:gitops --help" for the options.`);
  } else if (err instanceof PlatformError) {
    io.err(`gen:gitops: ${err.message}`);
  } else {
    io.err(`gen:gitops: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  }
  return code;
}

/** The process entry point: runs with the process's arguments and streams, sets the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv, {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    isTTY: process.stderr.isTTY === true,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
