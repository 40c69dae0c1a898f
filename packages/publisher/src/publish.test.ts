import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message, scratch, sh, tree } from './__fixtures__/repo.ts';
import { publish, publishBranches } from './publish.ts';
import { OWNED_FILES_PATH } from './tree.ts';

let s: ReturnType<typeof scratch>;
let home: string | undefined;
beforeEach(() => {
  s = scratch();
  home = process.env.HOME;
  process.env.HOME = s.dir; // no global git configuration
});
afterEach(() => {
  process.env.HOME = home;
  s.cleanup();
});

const log = (dir: string, ref = 'main') => sh(dir, 'log', '--format=%s', ref).trim().split('\n');

describe('publish to a local repository', () => {
  it('creates the repository on first run and commits the tree with the working tree in step', async () => {
    const repo = join(s.dir, 'gitops');
    const r = await publish({ files: tree(5, 'a'), target: repo, message });
    expect(r.status).toBe('committed');
    expect(log(repo)).toEqual(['update']);
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toBe('# tree a\n');
    expect(sh(repo, 'status', '--porcelain')).toBe('');
    expect(sh(repo, 'log', '-1', '--format=%an <%ae>')).toBe('gen-gitops <gen-gitops@localhost>\n');
  });

  it('makes no commit when nothing changed, and says so', async () => {
    const repo = join(s.dir, 'gitops');
    const first = await publish({ files: tree(5, 'a'), target: repo, message });
    const again = await publish({ files: tree(5, 'a'), target: repo, message });
    expect(again).toEqual({ status: 'unchanged', commit: first.commit, pushed: false });
    expect(log(repo)).toHaveLength(1);
  });

  it('deletes files it owned and no longer emits, and leaves files it never wrote alone', async () => {
    const repo = join(s.dir, 'gitops');
    await publish({ files: tree(5, 'a'), target: repo, message });
    writeFileSync(join(repo, 'CODEOWNERS'), '* @platform\n');
    sh(repo, 'add', 'CODEOWNERS');
    sh(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'hand-made');
    const smaller = tree(3, 'b');
    const r = await publish({ files: smaller, target: repo, message });
    expect(r.status === 'committed' && r.changes.removed).toEqual([
      'clusters/c3/components/x3/values.yaml',
      'clusters/c4/components/x4/values.yaml',
    ]);
    expect(existsSync(join(repo, 'clusters/c4/components/x4/values.yaml'))).toBe(false);
    expect(readFileSync(join(repo, 'CODEOWNERS'), 'utf8')).toBe('* @platform\n');
    expect(sh(repo, 'show', `HEAD:${OWNED_FILES_PATH}`).split('\n').filter(Boolean)).toEqual(
      [...smaller.keys()].sort(),
    );
    expect(sh(repo, 'status', '--porcelain')).toBe('');
  });

  it('lets two concurrent runs finish without corrupting the repository', async () => {
    const repo = join(s.dir, 'gitops');
    await publish({ files: tree(5, 'a'), target: repo, message });
    const [a, b] = await Promise.all([
      publish({ files: tree(50, 'b'), target: repo, message }),
      publish({ files: tree(50, 'c'), target: repo, message }),
    ]);
    expect([a.status, b.status]).toEqual(['committed', 'committed']);
    expect(log(repo)).toHaveLength(3);
    sh(repo, 'fsck', '--no-dangling');
    expect(sh(repo, 'status', '--porcelain')).toBe('');
  });

  it('fails clearly when another live process holds the lock for too long', async () => {
    const repo = join(s.dir, 'gitops');
    await publish({ files: tree(1, 'a'), target: repo, message });
    writeFileSync(join(repo, '.git', 'gen-gitops.lock'), `${process.ppid}\n`);
    await expect(publish({ files: tree(1, 'b'), target: repo, message, lockTimeoutMs: 300 })).rejects.toThrow(
      new RegExp(`pid ${process.ppid}\\) holds .*gen-gitops\\.lock`),
    );
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const repo = join(s.dir, 'gitops');
    await publish({ files: tree(1, 'a'), target: repo, message });
    writeFileSync(join(repo, '.git', 'gen-gitops.lock'), '999999999\n');
    expect((await publish({ files: tree(1, 'b'), target: repo, message, lockTimeoutMs: 300 })).status).toBe(
      'committed',
    );
  });
});

describe('publish to a remote', () => {
  it('clones, commits and pushes; a second run with no change pushes nothing', async () => {
    const remote = join(s.dir, 'remote.git');
    sh(s.dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
    const workdir = join(s.dir, 'cache');
    const r = await publish({ files: tree(3, 'a'), target: `file://${remote}`, message, workdir });
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(sh(remote, 'rev-parse', 'main').trim()).toBe(r.commit);
    const again = await publish({ files: tree(3, 'a'), target: `file://${remote}`, message, workdir });
    expect(again.status).toBe('unchanged');
  });

  it('when the remote moved between commit and push: rebuilds on top and keeps both commits, never forcing', async () => {
    const remote = join(s.dir, 'remote.git');
    sh(s.dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
    const workdir = join(s.dir, 'cache');
    await publish({ files: tree(3, 'a'), target: remote, message, workdir });
    const other = join(s.dir, 'other');
    sh(s.dir, 'clone', '-q', remote, other);
    let competed = false;
    const r = await publish({
      files: tree(3, 'b'),
      target: remote,
      message,
      workdir,
      onBeforePush: async () => {
        if (competed) return;
        competed = true;
        writeFileSync(join(other, 'CODEOWNERS'), '* @team\n');
        sh(other, 'add', 'CODEOWNERS');
        sh(other, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'competing commit');
        sh(other, 'push', '-q', 'origin', 'main');
      },
    });
    expect(r).toMatchObject({ status: 'committed', pushed: true });
    expect(log(remote)).toEqual(['update', 'competing commit', 'update']);
    expect(sh(remote, 'show', 'main:CODEOWNERS')).toBe('* @team\n');
    expect(sh(remote, 'show', 'main:README.md')).toBe('# tree b\n');
  });

  it('publishes one branch per environment, each with its own subset', async () => {
    const remote = join(s.dir, 'remote.git');
    sh(s.dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
    const branches = new Map([
      ['dev', new Map([['dev.yaml', 'd\n']])],
      ['staging', new Map([['staging.yaml', 's\n']])],
      ['main', new Map([['prod.yaml', 'p\n']])],
    ]);
    const results = await publishBranches(branches, {
      target: remote,
      message,
      workdir: join(s.dir, 'cache'),
    });
    expect([...results.values()].map((r) => r.status)).toEqual(['committed', 'committed', 'committed']);
    expect(sh(remote, 'ls-tree', '--name-only', 'dev').split('\n').filter(Boolean)).toEqual([
      '.gen-gitops',
      'dev.yaml',
    ]);
    expect(sh(remote, 'ls-tree', '--name-only', 'main').split('\n').filter(Boolean)).toEqual([
      '.gen-gitops',
      'prod.yaml',
    ]);
  });
});
