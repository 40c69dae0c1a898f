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
import { type Issue, ValidationError } from '@platform/errors';

/** Name of the file listing what a previous `--out` run wrote (so stale files can be removed). */
export const OWNED_FILES = '.gen-gitops-files';

/**
 * The record the publisher keeps in a GitOps repository. A directory holding a checkout of that
 * repository is owned the same way: the files listed there were written by the generator.
 */
export const PUBLISHED_OWNED_FILES = '.gen-gitops/owned-files';

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
  return [OWNED_FILES, PUBLISHED_OWNED_FILES].flatMap((name) => {
    const f = join(dir, name);
    return existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [];
  });
}

/**
 * Files in `dir` the generator would overwrite but never wrote: the ownership rule of
 * publishing (only files listed in the owned-files record are the generator's). A file whose
 * content already equals the generated one is not in the way (nothing would be lost).
 */
export function foreignFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  if (!existsSync(dir)) return [];
  const mine = new Set(owned(dir));
  const out: string[] = [];
  for (const [p, content] of files) {
    const full = join(dir, p);
    if (mine.has(p) || !existsSync(full) || !statSync(full).isFile()) continue;
    if (readFileSync(full, 'utf8') !== content) out.push(p);
  }
  return out.sort();
}

/**
 * Writes `files` into `dir`, replacing what a previous run wrote: files it wrote before and no
 * longer emits are deleted, files it never wrote are left alone. Each file is written to a
 * temporary name and renamed, so a reader never sees a half-written file. Call it only after
 * validation succeeded: nothing is written before. A file in the way that the generator never
 * wrote (see {@link foreignFiles}) is an error, and then nothing is written either.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): TreeDiff {
  const foreign = foreignFiles(dir, files);
  if (foreign.length > 0) {
    throw new ValidationError(
      foreign.map(
        (p): Issue => ({
          code: 'not-owned',
          file: join(dir, p),
          message: 'gen:gitops did not write this file and would overwrite it',
          expected: `no file, or one listed in ${OWNED_FILES}`,
          found: 'a file of someone else',
          hint: 'Move or delete it, or choose another --out directory; files the generator never wrote are never overwritten.',
        }),
      ),
    );
  }
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
