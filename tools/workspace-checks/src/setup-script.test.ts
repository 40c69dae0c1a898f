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

function runSetup(
  path: string,
  tools: string,
  extraEnv: Record<string, string> = { SETUP_SKIP_ADMISSION_TOOLS: '1', SETUP_SKIP_ARGOCD_CHECK: '1' },
) {
  return spawnSync('bash', [setup], {
    encoding: 'utf8',
    env: {
      PATH: path,
      HOME: process.env.HOME ?? '/root',
      SETUP_TOOLS_DIR: tools,
      SETUP_SKIP_INSTALL: '1',
      SETUP_SKIP_APT: '1',
      GO_BIN: '/nonexistent/go',
      ...extraEnv,
    },
  });
}

describe('scripts/setup.sh', () => {
  it('has valid bash syntax', () => {
    expect(spawnSync('bash', ['-n', setup]).status).toBe(0);
  });

  it('links the pinned helm found on PATH instead of building one', () => {
    const sb = sandboxPath('v4.2.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('using the pinned helm v4.2.4 from PATH');
    expect(readlinkSync(join(sb.tools, 'bin/helm'))).toBe(sb.fakeHelm);
    expect(dirname(sb.fakeHelm!)).toContain('setup-test-');
  });

  it('fails with a clear message when helm on PATH is Helm 3 and Go is missing', () => {
    const sb = sandboxPath('v3.21.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('helm on PATH is v3.21.4+gabc, not the pinned v4.2.4');
    expect(res.stderr).toContain('helm v4.2.4 is not on PATH and Go is not installed to build it');
  });

  it('does not use another Helm 4 release from PATH: it wants the pinned one', () => {
    const sb = sandboxPath('v4.1.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('helm on PATH is v4.1.4+gabc, not the pinned v4.2.4');
    expect(res.stdout).not.toContain('from PATH:');
  });

  it('fails with a clear message when neither helm nor Go can be found', () => {
    const sb = sandboxPath();
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/ERROR: helm v4.2.4 is not on PATH and Go is not installed/);
  });

  it('is idempotent: a second run with the pinned helm already installed changes nothing', () => {
    const sb = sandboxPath('v4.2.4');
    expect(runSetup(sb.path, sb.tools).status).toBe(0);
    const again = runSetup(sb.path, sb.tools);
    expect(again.status).toBe(0);
    expect(readlinkSync(join(sb.tools, 'bin/helm'))).toBe(sb.fakeHelm);
  });

  it('says it skips kube-apiserver, etcd and gator with SETUP_SKIP_ADMISSION_TOOLS=1', () => {
    const sb = sandboxPath('v4.2.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('skipping kube-apiserver, etcd and gator (SETUP_SKIP_ADMISSION_TOOLS=1)');
  });

  it('fails with a clear message when kube-apiserver is not built and Go is missing', () => {
    const sb = sandboxPath('v4.2.4');
    const res = runSetup(sb.path, sb.tools, { SETUP_SKIP_ARGOCD_CHECK: '1' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(
      'kube-apiserver v1.36.3 is not built and Go is not installed to build it. Install Go >= 1.26 and re-run, or set SETUP_SKIP_ADMISSION_TOOLS=1',
    );
  });

  it('skips building a tool whose pinned binary is there and reports its version', () => {
    const sb = sandboxPath('v4.2.4');
    mkdirSync(join(sb.tools, 'bin'), { recursive: true });
    const fake: Record<string, string> = {
      'kube-apiserver-v1.36.3': 'echo "Kubernetes v1.36.3"',
      'etcd-v3.6.8': 'printf "etcd Version: 3.6.8\\nGit SHA: GitNotFound\\n"',
      'gator-v3.23.0': 'printf "GitVersion:    v3.23.0\\n"',
      'argocd-check-v3.6.1': '[ "$1" = --version ] && echo v3.6.1',
    };
    for (const [name, body] of Object.entries(fake)) {
      writeFileSync(join(sb.tools, 'bin', name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    }
    const res = runSetup(sb.path, sb.tools, {});
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    for (const name of Object.keys(fake))
      expect(res.stdout).toContain(`${name.replace(/-v/, ' v')} already built`);
    expect(readlinkSync(join(sb.tools, 'bin/kube-apiserver'))).toBe('kube-apiserver-v1.36.3');
    expect(readlinkSync(join(sb.tools, 'bin/argocd-check'))).toBe('argocd-check-v3.6.1');
  });

  it('fails with a clear message when argocd-check is not built and Go is missing', () => {
    const sb = sandboxPath('v4.2.4');
    const res = runSetup(sb.path, sb.tools, { SETUP_SKIP_ADMISSION_TOOLS: '1' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('go is needed to build tools/argocd-check (Argo CD v3.6.1)');
    expect(res.stderr).toContain('SETUP_SKIP_ARGOCD_CHECK=1');
  });

  it('says it skips argocd-check with SETUP_SKIP_ARGOCD_CHECK=1', () => {
    const sb = sandboxPath('v4.2.4');
    const res = runSetup(sb.path, sb.tools);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('skipping argocd-check (SETUP_SKIP_ARGOCD_CHECK=1)');
  });
});
