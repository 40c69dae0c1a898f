#!/usr/bin/env node
// @ts-check
/**
 * `pnpm gen:gitops`: runs the bundled command (apps/cli/dist/gen-gitops.mjs, built by
 * scripts/build-cli.mjs), rebuilding it first when a workspace source is newer than it, so an
 * edit is picked up on the next run without a build step. Plain Node: no TypeScript compiler
 * at start-up. GEN_GITOPS_FROM_SOURCE=1 runs apps/cli/src/main.ts through tsx instead (the
 * same code, slower to start; for debugging with source positions).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

if (process.env.GEN_GITOPS_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(join(root, 'apps/cli/src/main.ts')).href);
  await main();
} else {
  const build = await import(pathToFileURL(join(root, 'scripts/build-cli.mjs')).href);
  const why = build.isStale();
  if (why !== undefined) {
    const t = Date.now();
    await build.buildCli();
    process.stderr.write(
      `gen:gitops: rebuilt ${'apps/cli/dist/gen-gitops.mjs'} (${why}) in ${Date.now() - t} ms\n`,
    );
  }
  const { main } = await import(pathToFileURL(build.bundlePath).href);
  await main();
}
