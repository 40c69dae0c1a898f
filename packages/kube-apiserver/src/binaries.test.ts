import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdmissionToolNotFoundError,
  ETCD_VERSION,
  emulationFor,
  findWorkspaceRoot,
  KUBE_APISERVER_VERSION,
  locateKubeApiServer,
} from './index.ts';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('locateKubeApiServer', () => {
  it('says to run scripts/setup.sh when the pinned binary is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'kas-root-'));
    temps.push(root);
    expect(() => locateKubeApiServer({}, root)).toThrow(AdmissionToolNotFoundError);
    expect(() => locateKubeApiServer({}, root)).toThrow(
      `kube-apiserver v1.36.3 was not found (looked at ${root}/.tools/bin/kube-apiserver-v1.36.3). Run 'bash scripts/setup.sh'`,
    );
  });

  it('uses KUBE_APISERVER_BIN and only that when it is set', () => {
    const root = mkdtempSync(join(tmpdir(), 'kas-root-'));
    temps.push(root);
    mkdirSync(join(root, '.tools/bin'), { recursive: true });
    const bin = join(root, 'my-kas');
    writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    expect(locateKubeApiServer({ KUBE_APISERVER_BIN: bin }, root)).toBe(bin);
    expect(() => locateKubeApiServer({ KUBE_APISERVER_BIN: join(root, 'nope') }, root)).toThrow(
      /KUBE_APISERVER_BIN/,
    );
  });
});

describe('emulationFor', () => {
  it('emulates older minors down to three back and refuses others', () => {
    expect(emulationFor(undefined)).toBeUndefined();
    expect(emulationFor('1.36')).toBeUndefined();
    expect(emulationFor('1.33')).toBe('1.33');
    expect(emulationFor('v1.34.2')).toBe('1.34');
    expect(() => emulationFor('1.32')).toThrow(
      /kube-apiserver v1.36.3 can check objects for Kubernetes 1.33 to 1.36, not 1.32/,
    );
    expect(() => emulationFor('1.37')).toThrow(/not 1.37/);
    expect(() => emulationFor('latest')).toThrow(/'latest' is not a Kubernetes version/);
  });
});

describe('pins', () => {
  it('match what scripts/setup.sh builds', () => {
    const setup = readFileSync(join(findWorkspaceRoot() ?? '', 'scripts/setup.sh'), 'utf8');
    expect(setup).toContain(`KUBE_APISERVER_VERSION="${KUBE_APISERVER_VERSION}"`);
    expect(setup).toContain(`ETCD_VERSION="${ETCD_VERSION}"`);
    const goMod = readFileSync(join(findWorkspaceRoot() ?? '', 'tools/kube-apiserver/go.mod'), 'utf8');
    expect(goMod).toMatch(
      new RegExp(`^\\s*(require )?k8s\\.io/kubernetes ${KUBE_APISERVER_VERSION}( // indirect)?$`, 'm'),
    );
    const etcdMod = readFileSync(join(findWorkspaceRoot() ?? '', 'tools/kube-apiserver/etcd/go.mod'), 'utf8');
    expect(etcdMod).toMatch(
      new RegExp(`^\\s*(require )?go\\.etcd\\.io/etcd/server/v3 ${ETCD_VERSION}$`, 'm'),
    );
  });
});
