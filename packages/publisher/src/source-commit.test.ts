import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sourceCommitOf } from './source.ts';

let dir: string;
const git = (...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
    },
  );

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'source-commit-'));
  git('init', '-q', '--initial-branch=main');
  mkdirSync(join(dir, 'gitops/clusters'), { recursive: true });
  writeFileSync(join(dir, 'gitops/clusters/a.yaml'), 'name: a\n');
  git('add', '.');
  git('commit', '-qm', 'first');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sourceCommitOf', () => {
  it('is clean on a clean checkout', async () => {
    expect((await sourceCommitOf(dir, ['gitops'])).dirty).toBe(false);
  });

  it('counts an untracked inventory file as dirty', async () => {
    writeFileSync(join(dir, 'gitops/clusters/b.yaml'), 'name: b\n');
    expect((await sourceCommitOf(dir, ['gitops'])).dirty).toBe(true);
  });

  it('ignores untracked files outside the inputs (build output, notes)', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'x\n');
    expect((await sourceCommitOf(dir, ['gitops'])).dirty).toBe(false);
  });

  it('counts an input outside the repository as dirty (no commit holds it)', async () => {
    expect((await sourceCommitOf(dir, [tmpdir()])).dirty).toBe(true);
  });

  it('counts a modified tracked file as dirty', async () => {
    writeFileSync(join(dir, 'gitops/clusters/a.yaml'), 'name: a2\n');
    expect((await sourceCommitOf(dir)).dirty).toBe(true);
  });
});
