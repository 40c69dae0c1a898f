import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const setup = join(root, 'scripts/setup.sh');
const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A PATH holding node and pnpm (and an optional fake helm) but no go and no real helm. */
function sandboxPath(fakeHelmVersion?: string): { path: string; tools: string; fakeHelm?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'setup-test-'));
  temps.push(dir);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of ['node', 'pnpm', 'npm']) {
    const which = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (which) writeFileSync(join(bin, tool), `#!/bin/sh\nexec "${which}" "$@"\n`, { mode: 0o755 });
  }
  let fakeHelm: string | undefined;
  if (fakeHelmVersion) {
    fakeHelm = join(bin, 'helm');
    writeFileSync(fakeHelm, `#!/bin/sh\n[ "$1" = version ] && echo "${fakeHelmVersion}+gabc"\n`);
    chmodSync(fakeHelm, 0o755);
  }
  return { path: `${bin}:/usr/bin:/bin`, tools: join(dir, 'tools'), fakeHelm };
}

function runSetup(path: string, tools: string) {
  return spawnSync('bash', [setup], {
    encoding: 'utf8',
    env: {
      PATH: path,
      HOME: process.env.HOME ?? '/root',
      SETUP_TOOLS_DIR: tools,
      SETUP_SKIP_INSTALL: '1',
      SETUP_SKIP_APT: '1',
      GO_BIN: '/nonexistent/go',
    },
  });
}

describe('scripts/setup.sh', () => {
  it('has valid bash syntax', () => {
    expect(spawnSync('bash', ['-n', setup]).status).toBe(0);
  });

  it('links a Helm 4 found on PATH instead of building one', () => {
    const sb = sandboxPath('v4.1.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('using Helm 4 from PATH');
    expect(readlinkSync(join(sb.tools, 'bin/helm'))).toBe(sb.fakeHelm);
    expect(dirname(sb.fakeHelm!)).toContain('setup-test-');
  });

  it('fails with a clear message when helm on PATH is Helm 3 and Go is missing', () => {
    const sb = sandboxPath('v3.21.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('not Helm 4');
    expect(res.stderr).toContain('Go is not installed to build helm v4.2.4');
  });

  it('fails with a clear message when neither helm nor Go can be found', () => {
    const sb = sandboxPath();
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/ERROR: Helm 4 is not on PATH and Go is not installed/);
  });

  it('is idempotent: a second run with the pinned helm already installed changes nothing', () => {
    const sb = sandboxPath('v4.2.4');
    expect(runSetup(sb.path, sb.tools).status).toBe(0);
    const again = runSetup(sb.path, sb.tools);
    expect(again.status).toBe(0);
    expect(readlinkSync(join(sb.tools, 'bin/helm'))).toBe(sb.fakeHelm);
  });
});
