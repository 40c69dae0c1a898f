import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitError } from '@platform/errors';
import { simpleGit } from 'simple-git';
import { git, revParse } from './git.ts';
import { acquireLock } from './lock.ts';
import type { TreeChanges } from './message.ts';
import { isRemoteUrl } from './remote.ts';
import { blobSha, OWNED_FILES_PATH, ownedAt, treeListing } from './tree.ts';

export interface Identity {
  name: string;
  email: string;
}

export const DEFAULT_IDENTITY: Identity = { name: 'gen-gitops', email: 'gen-gitops@localhost' };

export interface PublishOptions {
  /** Repository-relative path -> content. */
  files: ReadonlyMap<string, string>;
  /** A local repository path (created when missing) or a remote URL/path (cloned into `workdir`). */
  target: string;
  branch?: string;
  /**
   * Builds the commit message from what changed (called only when there is something to
   * commit); `initial` is true for the first commit of the branch.
   */
  message: (changes: TreeChanges, info: { initial: boolean }) => string | Promise<string>;
  identity?: Identity;
  /** Where clones of remote targets live (one per target). Required for remote targets. */
  workdir?: string;
  maxPushAttempts?: number;
  lockTimeoutMs?: number;
  /** Called when the remote moved, to regenerate the files on top of it (default: the same files). */
  regenerate?: () => Promise<ReadonlyMap<string, string>> | ReadonlyMap<string, string>;
  /** Test hook: runs after our commit and before our push. */
  onBeforePush?: () => Promise<void>;
  /**
   * Runs under the lock once the repository is ready (cloned and fetched) and before anything is
   * committed, on every push attempt; throwing stops the publish with nothing written. `ref`
   * gives the ref a branch of the target has in `dir` (a remote-tracking ref for remote targets).
   */
  before?: (repo: { dir: string; ref: (branch: string) => string }) => Promise<void>;
}

export type PublishResult =
  | { status: 'committed'; commit: string; pushed: boolean; changes: TreeChanges }
  | { status: 'unchanged'; commit: string; pushed: boolean };

/** A remote URL, or a bare repository on disk. */
export function isRemote(target: string): boolean {
  if (isRemoteUrl(target)) return true;
  // A bare repository on disk is a remote too: it has no working tree to write into.
  return (
    existsSync(join(target, 'HEAD')) &&
    existsSync(join(target, 'objects')) &&
    !existsSync(join(target, '.git'))
  );
}

/**
 * Makes the working tree and index match HEAD again for the generator's files. A run killed
 * between moving the branch and updating the working tree leaves them behind; this is the repair.
 */
async function syncWorkingTree(dir: string, from: string | undefined, to: string): Promise<void> {
  try {
    if (from) {
      await git(dir, ['read-tree', '-m', '-u', from, to]);
      return;
    }
  } catch {
    // A file we never owned is in the way of one we now emit: ours wins (documented).
  }
  await git(dir, ['read-tree', '-u', '--reset', to]);
}

/** Marks a run between moving the branch and finishing the working tree (see repair). */
const PENDING = 'gen-gitops-pending';

/**
 * Git's own lock files a killed `git fast-import` or `git read-tree` child leaves behind. They
 * are stale when the marker is there: the run that wrote it died, and we hold the run lock.
 */
function removeStaleGitLocks(dir: string): void {
  const gitDir = join(dir, '.git');
  const candidates = [
    join(gitDir, 'index.lock'),
    join(gitDir, 'HEAD.lock'),
    join(gitDir, 'packed-refs.lock'),
  ];
  const heads = join(gitDir, 'refs', 'heads');
  if (existsSync(heads))
    for (const f of readdirSync(heads, { recursive: true, encoding: 'utf8' }))
      if (f.endsWith('.lock')) candidates.push(join(heads, f));
  for (const f of candidates) rmSync(f, { force: true });
}

async function repair(dir: string): Promise<void> {
  const marker = join(dir, '.git', PENDING);
  if (!existsSync(marker)) return;
  removeStaleGitLocks(dir);
  const head = await revParse(dir, 'HEAD');
  if (!head) {
    rmSync(marker, { force: true });
    return;
  }
  const staged = await git(dir, ['diff-index', '--cached', '--name-only', 'HEAD']);
  const owned = await ownedAt(dir, head);
  const dirtyOwned = (await git(dir, ['diff', '--name-only'])).split('\n').filter((p) => owned.has(p));
  if (staged.trim() !== '' || dirtyOwned.length > 0) await git(dir, ['read-tree', '-u', '--reset', head]);
  rmSync(marker, { force: true });
}

function fastImportStream(
  branch: string,
  parent: string | undefined,
  identity: Identity,
  message: string,
  writes: [string, string][],
  deletes: string[],
): Buffer {
  const now = Math.floor(Date.now() / 1000);
  const who = `${identity.name} <${identity.email}> ${now} +0000`;
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, 'utf8'));
  const data = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    text(`data ${b.length}\n`);
    chunks.push(b);
    text('\n');
  };
  text(`commit refs/heads/${branch}\nauthor ${who}\ncommitter ${who}\n`);
  data(message);
  if (parent) text(`from ${parent}\n`);
  for (const p of deletes) text(`D ${p}\n`);
  for (const [p, c] of writes) {
    text(`M 100644 inline ${p}\n`);
    data(c);
  }
  text('done\n');
  return Buffer.concat(chunks);
}

/**
 * Commits `files` on `branch` of a repository with a working tree, atomically: the new commit
 * is built from git objects by `git fast-import`, which moves the branch only once the whole
 * tree is written (a kill before leaves the old commit, after leaves the complete new one).
 * Then the working tree follows; a kill there is repaired at the start of the next run.
 */
async function commitFiles(dir: string, opts: PublishOptions, files: ReadonlyMap<string, string>) {
  const branch = opts.branch ?? 'main';
  await repair(dir);
  const old = await revParse(dir, `refs/heads/${branch}`);
  const before = await treeListing(dir, old);
  const previouslyOwned = await ownedAt(dir, old);
  const all = new Map(files);
  all.set(OWNED_FILES_PATH, `${[...files.keys()].sort().join('\n')}\n`);
  const changes: TreeChanges = { added: [], changed: [], removed: [] };
  const writes: [string, string][] = [];
  for (const [p, content] of [...all].sort(([a], [b]) => a.localeCompare(b))) {
    const was = before.get(p);
    if (was === blobSha(content)) continue;
    writes.push([p, content]);
    if (p !== OWNED_FILES_PATH) (was ? changes.changed : changes.added).push(p);
  }
  const deletes = [...previouslyOwned].filter((p) => !files.has(p) && before.has(p)).sort();
  changes.removed.push(...deletes);
  if (writes.length === 0 && deletes.length === 0) return { old, commit: old!, changes: undefined };
  const message = await opts.message(changes, { initial: old === undefined });
  const stream = fastImportStream(branch, old, opts.identity ?? DEFAULT_IDENTITY, message, writes, deletes);
  const marker = join(dir, '.git', PENDING);
  writeFileSync(marker, `${old ?? ''}\n`);
  await git(dir, ['fast-import', '--quiet', '--done'], stream);
  const commit = (await revParse(dir, `refs/heads/${branch}`))!;
  const head = (await git(dir, ['symbolic-ref', '-q', 'HEAD']).catch(() => '')).trim();
  if (head === `refs/heads/${branch}`) await syncWorkingTree(dir, old, commit);
  rmSync(marker, { force: true });
  return { old, commit, changes };
}

async function ensureLocalRepo(dir: string, branch: string): Promise<void> {
  if (existsSync(join(dir, '.git'))) return;
  mkdirSync(dir, { recursive: true });
  await simpleGit(dir).init(['--initial-branch', branch]);
}

async function ensureClone(target: string, dir: string, branch: string): Promise<void> {
  if (!existsSync(join(dir, '.git'))) {
    mkdirSync(dir, { recursive: true });
    await simpleGit(dir).clone(target, dir, ['--no-checkout']);
  }
  const g = simpleGit(dir);
  await g.fetch('origin');
  const remoteHead = await revParse(dir, `refs/remotes/origin/${branch}`);
  if (remoteHead) {
    await git(dir, ['checkout', '-q', '-B', branch, remoteHead]);
    await git(dir, ['reset', '-q', '--hard', remoteHead]);
  } else {
    await git(dir, ['checkout', '-q', '--orphan', branch]).catch(() => undefined);
  }
}

function wrap(what: string) {
  return (err: unknown): never => {
    if (err instanceof GitError) throw err;
    throw new GitError(`${what}: ${(err as Error).message}`, { cause: err });
  };
}

/**
 * Publishes the files: one commit per run (none when nothing changed), owned files only, and for
 * remote targets a push that, when rejected because the remote moved, is retried on top of the
 * new remote head a bounded number of times. Never force-pushes.
 */
export async function publish(opts: PublishOptions): Promise<PublishResult> {
  const branch = opts.branch ?? 'main';
  const remote = isRemote(opts.target);
  if (remote && !opts.workdir) throw new GitError(`a workdir is needed to clone ${opts.target}`);
  const dir = remote
    ? join(opts.workdir!, createHash('sha1').update(opts.target).digest('hex').slice(0, 12))
    : resolve(opts.target);
  if (!remote && existsSync(dir) && !statSync(dir).isDirectory())
    throw new GitError(`${dir} is not a directory`);
  if (remote) mkdirSync(opts.workdir!, { recursive: true });
  else await ensureLocalRepo(dir, branch).catch(wrap(`cannot create the repository ${dir}`));
  const lockFile = remote ? `${dir}.lock` : join(dir, '.git', 'gen-gitops.lock');
  const release = await acquireLock(lockFile, opts.lockTimeoutMs);
  try {
    if (!remote) {
      await opts.before?.({ dir, ref: (b) => `refs/heads/${b}` });
      const r = await commitFiles(dir, opts, opts.files);
      return r.changes
        ? { status: 'committed', commit: r.commit, pushed: false, changes: r.changes }
        : { status: 'unchanged', commit: r.commit, pushed: false };
    }
    const attempts = opts.maxPushAttempts ?? 3;
    let files = opts.files;
    for (let attempt = 1; ; attempt++) {
      await ensureClone(opts.target, dir, branch).catch(wrap(`cannot clone or fetch ${opts.target}`));
      await opts.before?.({ dir, ref: (b) => `refs/remotes/origin/${b}` });
      const r = await commitFiles(dir, opts, files);
      if (!r.changes) return { status: 'unchanged', commit: r.commit, pushed: false };
      await opts.onBeforePush?.();
      try {
        await git(dir, ['push', '--porcelain', 'origin', `refs/heads/${branch}:refs/heads/${branch}`]);
        return { status: 'committed', commit: r.commit, pushed: true, changes: r.changes };
      } catch (err) {
        const rejected = /rejected|non-fast-forward|fetch first/i.test((err as Error).message);
        if (!rejected || attempt >= attempts) {
          throw new GitError(
            `push to ${opts.target} failed after ${attempt} attempt(s): ${(err as Error).message}`,
            { cause: err },
          );
        }
        // The remote moved: rebuild our commit on top of it (the generator's files are the
        // generator's, so regenerating resolves any conflict on them).
        files = opts.regenerate ? await opts.regenerate() : files;
      }
    }
  } finally {
    release();
  }
}

/** Publishes one subset of the files per branch (branch per environment), one commit each. */
export async function publishBranches(
  branches: ReadonlyMap<string, ReadonlyMap<string, string>>,
  opts: Omit<PublishOptions, 'files' | 'branch'>,
): Promise<Map<string, PublishResult>> {
  const out = new Map<string, PublishResult>();
  for (const [branch, files] of [...branches].sort(([a], [b]) => a.localeCompare(b))) {
    out.set(branch, await publish({ ...opts, files, branch }));
  }
  return out;
}
