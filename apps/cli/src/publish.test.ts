import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, edit, scratch } from './__fixtures__/workspace.ts';

let s: ReturnType<typeof scratch>;
beforeEach(() => {
  s = scratch();
  process.env.GEN_GITOPS_WORKDIR = join(s.dir, 'cache');
});
afterEach(() => {
  delete process.env.GEN_GITOPS_WORKDIR;
  s.cleanup();
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('gen:gitops publishing', () => {
  it('commits the tree to a local repository, then makes no commit when nothing changed', async () => {
    const repo = join(s.dir, 'gitops-repo');
    const first = await cli(['--inventory', s.inventory, '--repo', repo, '--init']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/main: committed [0-9a-f]{12}/);
    const second = await cli(['--inventory', s.inventory, '--repo', repo]);
    expect(second.out).toMatch(/no change in the generated tree; nothing to commit/);
    expect(git(repo, 'rev-list', '--count', 'main').trim()).toBe('1');
    const body = git(repo, 'log', '-1', '--format=%B');
    expect(body.split('\n')[0]!.length).toBeLessThanOrEqual(72);
    // The first commit says "initial" and counts clusters and charts apart.
    expect(body).toMatch(/^gen-gitops: initial \(4 clusters, \d+ charts\)$/m);
    // The scratch inventory is outside the source repository: no commit of it holds the input.
    expect(body).toMatch(/^Source-Commit: [0-9a-f]{40}-dirty$/m);
    expect(body).toMatch(/^agentic-dev-usw2\/cilium:$/m);
    expect(body).toMatch(/^Source-Commit: [0-9a-f]{40}(-dirty)?$/m);
    expect(body).toMatch(/^Generator: platform-gitops gen:gitops \d+\.\d+\.\d+$/m);
  });

  it('pushes to a remote repository and commits only what changed', async () => {
    const remote = join(s.dir, 'remote.git');
    git(s.dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
    expect((await cli(['--inventory', s.inventory, '--repo', `file://${remote}`])).code).toBe(0);
    // One override in one cluster file: exactly one commit naming that cluster and component.
    edit(
      s.inventory,
      'clusters/agentic-stg-usw2.yaml',
      (t) =>
        `${t}\ncomponents:\n  cilium:\n    values:\n      cilium:\n        hubble:\n          relay:\n            replicas: 3\n`,
    );
    const res = await cli(['--inventory', s.inventory, '--repo', `file://${remote}`]);
    expect(res.code).toBe(0);
    const subject = git(remote, 'log', '-1', '--format=%s', 'main').trim();
    expect(subject).toBe('gen-gitops: update agentic-stg-usw2 (cilium)');
    expect(git(remote, 'rev-list', '--count', 'main').trim()).toBe('2');
  });

  it('exits 3 on a git error', async () => {
    const res = await cli(['--inventory', s.inventory, '--repo', 'file:///nonexistent/remote.git']);
    expect(res.code).toBe(3);
    expect(res.err).toMatch(/cannot clone or fetch file:\/\/\/nonexistent\/remote\.git/);
  });
});
