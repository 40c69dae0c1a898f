import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findWorkspaceRoot } from '@platform/hydrate';
import type { FieldTree } from './field-tree.ts';
import type { ModelLocation } from './model-registry.ts';

/** Bump when the builder changes what it produces, so stale disk caches are ignored. */
const FORMAT = 'v2';

const memory = new Map<string, FieldTree | undefined>();
/** Calls run one after another, so charts checked concurrently never build the same tree twice. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * `<workspace root>/node_modules/.cache/chart-harness/field-trees/v1`, or a temp folder
 * outside a workspace.
 */
export function fieldTreeCacheDir(): string {
  const root = findWorkspaceRoot();
  const base =
    root === undefined
      ? join(tmpdir(), 'chart-harness')
      : join(root, 'node_modules', '.cache', 'chart-harness');
  return join(base, 'field-trees', FORMAT);
}

/**
 * The field trees of the given kinds, from memory, then the disk cache (keyed by the model
 * package versions), then built from the packages' `.d.ts` files in one TypeScript program.
 * Only the kinds asked for are built. Cache writes are best effort: a read-only disk only costs time.
 */
export function getFieldTrees(
  locations: readonly ModelLocation[],
  cacheDir = fieldTreeCacheDir(),
): Promise<Map<string, FieldTree | undefined>> {
  const run = queue.then(() => loadTrees(locations, cacheDir));
  queue = run.catch(() => undefined);
  return run;
}

async function loadTrees(
  locations: readonly ModelLocation[],
  cacheDir: string,
): Promise<Map<string, FieldTree | undefined>> {
  const result = new Map<string, FieldTree | undefined>();
  const missing: ModelLocation[] = [];
  for (const location of locations) {
    const key = cacheKey(location);
    if (result.has(key)) continue;
    if (memory.has(key)) {
      result.set(key, memory.get(key));
      continue;
    }
    const onDisk = readTree(join(cacheDir, `${key}.json`));
    if (onDisk === undefined) {
      missing.push(location);
      result.set(key, undefined);
    } else {
      memory.set(key, onDisk);
      result.set(key, onDisk);
    }
  }
  if (missing.length === 0) return result;
  // the compiler is large; load it only when a tree is not cached
  const { buildFieldTrees } = await import('./field-tree-builder.ts');
  const built = buildFieldTrees(missing.map((l) => ({ dtsFile: l.dtsFile, interfaceName: `I${l.kind}` })));
  missing.forEach((location, i) => {
    const key = cacheKey(location);
    const tree = built[i];
    memory.set(key, tree);
    result.set(key, tree);
    if (tree !== undefined) writeTree(join(cacheDir, `${key}.json`), tree);
  });
  return result;
}

/**
 * `<package>@<version>+apimachinery@<version>/<group>/<version>/<Kind>`: unique per model and
 * package versions.
 */
export function cacheKey(location: ModelLocation): string {
  return [
    location.versionKey.replaceAll('/', '__'),
    location.group || 'core',
    location.version,
    location.kind,
  ].join('/');
}

/** Forgets the in-memory trees (tests use it to measure the disk cache). */
export function clearFieldTreeMemory(): void {
  memory.clear();
}

function readTree(file: string): FieldTree | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as FieldTree;
    return typeof parsed.root === 'number' && Array.isArray(parsed.nodes) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function writeTree(file: string, tree: FieldTree): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // write then rename, so a parallel test worker never reads half a file
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(tree));
    renameSync(temporary, file);
  } catch {
    // the cache is an optimisation; the tree is still returned
  }
}
