import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sourceCommitOf } from '@platform/publisher';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, edit, scratch } from './__fixtures__/workspace.ts';

/**
 * Promotion with one branch per environment, on real git: the scratch inventory is committed in
 * a scratch source repository (its state is what `--promote` checks), the GitOps repository is a
 * local bare repository pushed to over file://.
 */
let s: ReturnType<typeof scratch>;
let remote: string;
let url: string;

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@localhost', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
const branches = (repo: string) =>
  git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean).sort();
const tree = (repo: string, ref: string) => git(repo, 'rev-parse', `${ref}^{tree}`).trim();
const head = (repo: string, ref: string) => git(repo, 'rev-parse', ref).trim();
const files = (repo: string, ref: string) =>
  git(repo, 'ls-tree', '-r', '--name-only', ref).split('\n').filter(Boolean);

/** Runs gen:gitops with the scratch source repository as the source checkout. */
const run = (...args: string[]) =>
  cli(['--inventory', s.inventory, '--repo', url, ...args], undefined, {
    source: () => sourceCommitOf(s.dir, [s.inventory]),
  });

/** Commits the source repository's changes (the inventory), as a user would before promoting. */
const commitSource = (what: string) => {
  git(s.dir, 'add', 'gitops');
  git(s.dir, 'commit', '-qm', what);
};

beforeEach(() => {
  s = scratch();
  process.env.GEN_GITOPS_WORKDIR = join(s.dir, 'cache');
  edit(s.inventory, 'fleet.yaml', (t) =>
    t.replace('branchPerEnvironment: false', 'branchPerEnvironment: true'),
  );
  git(s.dir, 'init', '-q', '--initial-branch=main');
  git(s.dir, 'config', 'core.excludesFile', '/dev/null');
  commitSource('inventory');
  remote = join(s.dir, 'remote.git');
  git(s.dir, 'init', '-q', '--bare', '--initial-branch=main', remote);
  url = `file://${remote}`;
});
afterEach(() => {
  delete process.env.GEN_GITOPS_WORKDIR;
  s.cleanup();
});

describe('gen:gitops with one branch per environment', () => {
  it('publishes to the first environment only (dev), and says how to promote', async () => {
    const res = await run();
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(branches(remote)).toEqual(['dev']);
    expect(res.out).toMatch(/^dev: committed [0-9a-f]{12}$/m);
    expect(res.out).toMatch(/staging, main: not written; promote with "pnpm gen:gitops --promote staging"/);
    const dev = files(remote, 'dev');
    expect(dev).toContain('clusters/agentic-dev-usw2/apps/applicationset.yaml');
    expect(dev.some((p) => p.startsWith('clusters/agentic-stg-usw2/'))).toBe(false);
    expect(git(remote, 'log', '-1', '--format=%B', 'dev')).not.toMatch(/Promot/);
  });

  it('--promote staging, then production: each branch gets its tree, the commit names where from', async () => {
    // What writing every branch at once gives, for comparison.
    const skipped = join(s.dir, 'skipped.git');
    git(s.dir, 'init', '-q', '--bare', '--initial-branch=main', skipped);
    expect(
      (await cli(['--inventory', s.inventory, '--repo', `file://${skipped}`, '--skip-promotion'])).code,
    ).toBe(0);

    expect((await run()).code).toBe(0);
    const dev = head(remote, 'dev');
    const res = await run('--promote', 'staging');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(
      new RegExp(`^staging: promoted dev@${dev.slice(0, 12)}, committed [0-9a-f]{12}$`, 'm'),
    );
    expect(branches(remote)).toEqual(['dev', 'staging']);
    const body = git(remote, 'log', '-1', '--format=%B', 'staging');
    expect(body.split('\n')[0]).toBe(`gen-gitops: promote dev@${dev.slice(0, 12)} to staging`);
    expect(body).toMatch(new RegExp(`^Promoted-From: dev@${dev}$`, 'm'));
    expect(body).toMatch(new RegExp(`^Source-Commit: ${head(s.dir, 'HEAD')}$`, 'm'));
    // The files are exactly what the source generates for staging, and the shared files are dev's.
    expect(tree(remote, 'staging')).toBe(tree(skipped, 'staging'));
    expect(files(remote, 'staging')).toContain('clusters/agentic-stg-usw2/apps/applicationset.yaml');
    expect(files(remote, 'staging').some((p) => p.startsWith('clusters/agentic-dev-usw2/'))).toBe(false);
    expect(git(remote, 'rev-parse', 'staging:charts')).toBe(git(remote, 'rev-parse', 'dev:charts'));

    const staging = head(remote, 'staging');
    const prod = await run('--promote', 'production');
    expect(prod.code).toBe(0);
    const prodBody = git(remote, 'log', '-1', '--format=%B', 'main');
    expect(prodBody.split('\n')[0]).toBe(`gen-gitops: promote staging@${staging.slice(0, 12)} to main`);
    expect(prodBody).toMatch(new RegExp(`^Promoted-From: staging@${staging}$`, 'm'));
    expect(tree(remote, 'main')).toBe(tree(skipped, 'main'));
    // Promoting wrote nothing to the branches promoted from.
    expect(head(remote, 'dev')).toBe(dev);
    expect(head(remote, 'staging')).toBe(staging);
  });

  it('writes nothing when there is nothing to promote, and says so', async () => {
    await run();
    expect((await run('--promote', 'staging')).code).toBe(0);
    const before = head(remote, 'staging');
    const again = await run('--promote', 'staging');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(
      /staging: nothing to promote: staging already holds what dev@[0-9a-f]{12} holds/,
    );
    expect(head(remote, 'staging')).toBe(before);
  });

  it('refuses to promote from a dirty checkout, before anything is written', async () => {
    await run();
    edit(s.inventory, 'clusters/agentic-stg-usw2.yaml', (t) => `${t}# not committed\n`);
    const res = await run('--promote', 'staging');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/--promote staging: the source checkout has uncommitted changes/);
    expect(branches(remote)).toEqual(['dev']);
  });

  it('refuses when the previous branch does not exist', async () => {
    const res = await run('--promote', 'staging');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(
      /branch dev does not exist in file:\/\/.*: there is nothing to promote to staging from/,
    );
    expect(res.err).toMatch(/Nothing was written/);
    expect(branches(remote)).toEqual([]);
    await run();
    const prod = await run('--promote', 'production');
    expect(prod.code).toBe(1);
    expect(prod.err).toMatch(/branch staging does not exist/);
    expect(prod.err).toMatch(/"pnpm gen:gitops --promote staging"/);
    expect(branches(remote)).toEqual(['dev']);
  });

  it('promotes in a local repository with a working tree, and refuses one that does not exist', async () => {
    const local = join(s.dir, 'local-gitops');
    const opts = { source: () => sourceCommitOf(s.dir, [s.inventory]) };
    const missing = await cli(
      ['--inventory', s.inventory, '--repo', local, '--promote', 'staging'],
      undefined,
      opts,
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/is not a GitOps repository yet \(no branch dev\)/);
    expect(existsSync(local)).toBe(false);
    expect((await cli(['--inventory', s.inventory, '--repo', local, '--init'], undefined, opts)).code).toBe(
      0,
    );
    const res = await cli(
      ['--inventory', s.inventory, '--repo', local, '--promote', 'staging'],
      undefined,
      opts,
    );
    expect(res.code).toBe(0);
    expect(git(local, 'log', '-1', '--format=%B', 'staging')).toMatch(
      new RegExp(`^Promoted-From: dev@${head(local, 'dev')}$`, 'm'),
    );
    // The working tree stays on dev, clean.
    expect(git(local, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('dev');
    expect(git(local, 'status', '--porcelain')).toBe('');
  });

  it('refuses when the source changed since the previous environment was published', async () => {
    await run();
    edit(
      s.inventory,
      'clusters/agentic-dev-usw2.yaml',
      (t) =>
        `${t}\ncomponents:\n  cilium:\n    values:\n      cilium:\n        hubble:\n          relay:\n            replicas: 3\n`,
    );
    commitSource('dev: three hubble relays');
    const res = await run('--promote', 'staging');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/branch dev \([0-9a-f]{12}\) is not what this checkout generates for it/);
    expect(res.err).toMatch(/differs clusters\/agentic-dev-usw2\/components\/cilium\/values-cilium\.yaml/);
    expect(branches(remote)).toEqual(['dev']);
    // Published to dev first, the same change can be promoted.
    expect((await run()).code).toBe(0);
    expect((await run('--promote', 'staging')).code).toBe(0);
  });

  it('--skip-promotion writes every branch at once and says so in each commit', async () => {
    const res = await run('--skip-promotion');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/promotion skipped \(--skip-promotion\)/);
    expect(branches(remote)).toEqual(['dev', 'main', 'staging']);
    for (const b of ['dev', 'staging', 'main']) {
      const body = git(remote, 'log', '-1', '--format=%B', b);
      const subject = body.split('\n')[0]!;
      expect(subject).toMatch(/ \[promotion skipped\]$/);
      expect(subject.length).toBeLessThanOrEqual(72);
      expect(body).toMatch(/^Promotion: skipped$/m);
    }
  });

  it('refuses promotion options the inventory cannot serve (usage, exit 2)', async () => {
    const first = await run('--promote', 'development');
    expect(first.code).toBe(2);
    expect(first.err).toMatch(/development is the first environment of the promotion order/);
    const unknown = await run('--promote', 'stagign');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Did you mean "staging"\?/);
    expect((await run('--promote', 'staging', '--skip-promotion')).code).toBe(2);
    expect((await run('--promote', 'staging', '--env', 'staging')).code).toBe(2);
    edit(s.inventory, 'fleet.yaml', (t) =>
      t.replace('branchPerEnvironment: true', 'branchPerEnvironment: false'),
    );
    const single = await run('--promote', 'staging');
    expect(single.code).toBe(2);
    expect(single.err).toMatch(
      /--promote needs one branch per environment: set gitops.branchPerEnvironment: true/,
    );
    expect(branches(remote)).toEqual([]);
  });
});
