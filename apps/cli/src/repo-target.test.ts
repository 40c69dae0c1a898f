import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, scratch } from './__fixtures__/workspace.ts';

let s: ReturnType<typeof scratch>;
beforeEach(() => {
  s = scratch();
  process.env.GEN_GITOPS_WORKDIR = join(s.dir, 'cache');
  // No network in tests: ssh fails at once, which is enough to see the URL was treated as remote.
  process.env.GIT_SSH_COMMAND = 'false';
});
afterEach(() => {
  delete process.env.GEN_GITOPS_WORKDIR;
  delete process.env.GIT_SSH_COMMAND;
  s.cleanup();
});

describe('--repo: remote URLs and local paths', () => {
  it.each(['git@github.com:org/gitops.git', 'git+ssh://git@github.com/org/gitops.git'])(
    'treats %s as a remote (a clone is tried; nothing is created locally)',
    async (url) => {
      const before = readdirSync(s.dir).sort();
      const res = await cli(['--inventory', s.inventory, '--repo', url], s.dir);
      expect(res.code, res.err).toBe(3);
      expect(res.err).toContain(`cannot clone or fetch ${url}`);
      expect(
        readdirSync(s.dir)
          .filter((f) => f !== 'cache')
          .sort(),
      ).toEqual(before);
      expect(existsSync(join(s.dir, 'git@github.com:org'))).toBe(false);
    },
  );

  it('refuses a local path that does not exist unless --init, then says it created it', async () => {
    const repo = join(s.dir, 'nonexistent/path');
    const res = await cli(['--inventory', s.inventory, '--repo', repo], s.dir);
    expect(res.code, res.err).toBe(2);
    expect(res.err).toMatch(
      /--repo: .*nonexistent\/path does not exist; pass --init to create a new GitOps repository there/,
    );
    expect(existsSync(join(s.dir, 'nonexistent'))).toBe(false);
    const init = await cli(['--inventory', s.inventory, '--repo', repo, '--init'], s.dir);
    expect(init.code, init.err).toBe(0);
    expect(init.out).toMatch(/GitOps repository: .*nonexistent\/path \(created, new repository\)/);
  });
});
