import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Name of the file listing what a previous `--out` run wrote (so stale files can be removed). */
export const OWNED_FILES = '.gen-gitops-files';

/** Directories never read or written as part of a tree. */
const IGNORED_DIRS = new Set(['.git', 'node_modules']);

/** Reads every file under `dir` (relative POSIX paths), skipping .git. Missing dir = empty tree. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (IGNORED_DIRS.has(entry.name)) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Differences between the generated tree and a directory. */
export interface TreeDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Compares `expected` (generated) with `actual` (on disk); the owned-files list is ignored. */
export function compareTrees(
  expected: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, string>,
): TreeDiff {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [p, content] of expected) {
    const a = actual.get(p);
    if (a === undefined) added.push(p);
    else if (a !== content) changed.push(p);
  }
  for (const p of actual.keys()) if (!expected.has(p) && p !== OWNED_FILES) removed.push(p);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

function owned(dir: string): string[] {
  const f = join(dir, OWNED_FILES);
  return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
}

/**
 * Writes `files` into `dir`, replacing what a previous run wrote: files it wrote before and no
 * longer emits are deleted, files it never wrote are left alone. Each file is written to a
 * temporary name and renamed, so a reader never sees a half-written file. Call it only after
 * validation succeeded: nothing is written before.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): TreeDiff {
  const before = readTree(dir);
  const previous = new Set(owned(dir));
  const diff = compareTrees(files, before);
  const tag = `${process.pid}-${createHash('sha1').update(String(Date.now())).digest('hex').slice(0, 6)}`;
  mkdirSync(dir, { recursive: true });
  for (const p of [...diff.added, ...diff.changed]) {
    const target = join(dir, p);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${tag}`;
    writeFileSync(tmp, files.get(p)!);
    renameSync(tmp, target);
  }
  const removed = diff.removed.filter((p) => previous.has(p));
  for (const p of removed) {
    rmSync(join(dir, p), { force: true });
    pruneEmptyDirs(dir, dirname(p));
  }
  const list = `${[...files.keys()].sort().join('\n')}\n`;
  const tmp = join(dir, `${OWNED_FILES}.tmp-${tag}`);
  writeFileSync(tmp, list);
  renameSync(tmp, join(dir, OWNED_FILES));
  return { added: diff.added, changed: diff.changed, removed };
}

function pruneEmptyDirs(root: string, rel: string): void {
  let cur = rel;
  while (cur && cur !== '.') {
    const full = join(root, cur);
    if (!existsSync(full) || !statSync(full).isDirectory() || readdirSync(full).length > 0) return;
    rmSync(full, { recursive: true });
    cur = dirname(cur);
  }
}
