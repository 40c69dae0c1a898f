import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelmNotFoundError } from './errors.ts';
import { locateHelm } from './helm-binary.ts';

let base: string;

function fakeHelm(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'helm');
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'helm-lookup-'));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('locateHelm', () => {
  it('prefers HELM_BIN over every other place', () => {
    const explicit = fakeHelm(join(base, 'explicit'));
    const root = join(base, 'ws1');
    fakeHelm(join(root, '.tools', 'bin'));
    expect(locateHelm({ env: { HELM_BIN: explicit }, workspaceRoot: root, goPath: () => undefined })).toBe(
      explicit,
    );
  });

  it('fails when HELM_BIN names something that is not an executable', () => {
    const root = join(base, 'ws0');
    fakeHelm(join(root, '.tools', 'bin'));
    const lookup = {
      env: { HELM_BIN: join(base, 'missing', 'helm') },
      workspaceRoot: root,
      goPath: () => undefined,
    };
    expect(() => locateHelm(lookup)).toThrow(HelmNotFoundError);
  });

  it('uses the workspace .tools/bin/helm before PATH', () => {
    const root = join(base, 'ws2');
    const tools = fakeHelm(join(root, '.tools', 'bin'));
    const onPath = join(base, 'path2');
    fakeHelm(onPath);
    expect(locateHelm({ env: { PATH: onPath }, workspaceRoot: root, goPath: () => undefined })).toBe(tools);
  });

  it('falls back to PATH and then to the Go bin directory', () => {
    const onPath = fakeHelm(join(base, 'path3'));
    expect(locateHelm({ env: { PATH: dirname(onPath) }, workspaceRoot: undefined })).toBe(onPath);
    const goPath = join(base, 'gopath');
    const goHelm = fakeHelm(join(goPath, 'bin'));
    expect(locateHelm({ env: { PATH: '' }, workspaceRoot: undefined, goPath: () => goPath })).toBe(goHelm);
  });

  it('fails with the places it tried and the setup command when helm is nowhere', () => {
    const lookup = {
      env: { PATH: join(base, 'empty') },
      workspaceRoot: join(base, 'none'),
      goPath: () => undefined,
    };
    expect(() => locateHelm(lookup)).toThrow(HelmNotFoundError);
    expect(() => locateHelm(lookup)).toThrow(/bash scripts\/setup\.sh/);
    expect(() => locateHelm(lookup)).toThrow(join(base, 'none', '.tools', 'bin', 'helm'));
  });

  it('finds the real helm on this machine', () => {
    expect(locateHelm()).toMatch(/helm$/);
  });
});
