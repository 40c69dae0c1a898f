#!/usr/bin/env node
// @ts-check
/**
 * `pnpm build`: bundles the gen:gitops command (apps/cli/src/main.ts, the workspace packages it
 * imports, every component package and the npm packages they use) into one ES module,
 * apps/cli/dist/gen-gitops.mjs (git-ignored), so the everyday command starts with plain Node
 * instead of compiling TypeScript on every run. apps/cli/bin/gen-gitops.mjs rebuilds it when a
 * source is newer than the bundle (see isStale below).
 *
 * Files next to a source (templates, schemas) are still read from the workspace: each source's
 * `import.meta.url` and `import.meta.dirname` are replaced by that source's own location.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(root, 'apps/cli/dist');
export const bundlePath = join(distDir, 'gen-gitops.mjs');
const bundleIn = (/** @type {string} */ dir) => join(dir, 'gen-gitops.mjs');
const manifestIn = (/** @type {string} */ dir) => join(dir, 'manifest.json');

/** The component entry points the command discovers at run time (apps/cli/src/registry.ts). */
export function componentEntries() {
  const dir = join(root, 'packages/components');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((d) => join(dir, d, 'src/index.ts'))
    .filter((f) => existsSync(join(dirname(dirname(f)), 'package.json')) && existsSync(f))
    .sort();
}

/**
 * Why the bundle must be rebuilt, or undefined when it is current: it is missing, a workspace
 * source it was built from changed after it (by modification time, as make does) or is gone, the
 * set of components differs, or the lockfile changed (other npm packages).
 */
export function isStale(dir = distDir) {
  if (!existsSync(bundleIn(dir)) || !existsSync(manifestIn(dir))) return 'not built yet';
  /** @type {{ inputs: string[], components: string[] }} */
  const manifest = JSON.parse(readFileSync(manifestIn(dir), 'utf8'));
  const built = statSync(bundleIn(dir)).mtimeMs;
  const components = componentEntries().map((f) => relative(root, f));
  if (components.join('\n') !== manifest.components.join('\n')) return 'the set of components changed';
  for (const rel of [...manifest.inputs, 'pnpm-lock.yaml']) {
    const file = join(root, rel);
    if (!existsSync(file)) return `${rel} is gone`;
    if (statSync(file).mtimeMs > built) return `${rel} changed`;
  }
  return undefined;
}

/**
 * Builds the bundle into `dir`; writes it atomically (a concurrent run never imports half a
 * file) and dates it from the start of the build, so a source saved during the build makes it
 * stale.
 */
export async function buildCli(dir = distDir) {
  const started = new Date();
  const { build } = await import('esbuild');
  const entries = componentEntries();
  const stdin = [
    ...entries.map((f, i) => `import * as c${i} from ${JSON.stringify(f)};`),
    `globalThis.__platformComponents = new Map([${entries.map((f, i) => `[${JSON.stringify(f)}, c${i}]`).join(', ')}]);`,
    `export { main, run } from ${JSON.stringify(join(root, 'apps/cli/src/main.ts'))};`,
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  const tmp = `${bundleIn(dir)}.${process.pid}.tmp`;
  const result = await build({
    stdin: { contents: stdin, resolveDir: root, sourcefile: 'gen-gitops-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    absWorkingDir: root,
    metafile: true,
    logLevel: 'warning',
    // CommonJS packages inside an ES module bundle call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'source-location',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
            const src = readFileSync(args.path, 'utf8')
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
            return { contents: src, loader: 'ts' };
          });
        },
      },
    ],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes('node_modules/') && f !== 'gen-gitops-entry.ts')
    .map((f) => relative(root, resolve(root, f)))
    .sort();
  utimesSync(tmp, started, started);
  const manifest = { inputs, components: entries.map((f) => relative(root, f)) };
  writeFileSync(manifestIn(dir), `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(tmp, bundleIn(dir));
  return { inputs: inputs.length, components: entries.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  const r = await buildCli();
  console.log(
    `build: ${relative(root, bundlePath)} from ${r.inputs} sources and ${r.components} components in ${Date.now() - t} ms`,
  );
}
