import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from './workspace.ts';

describe('findWorkspaceRoot', () => {
  it('finds the nearest folder with pnpm-workspace.yaml', () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    const deep = join(root, 'packages', 'a', 'src');
    mkdirSync(deep, { recursive: true });
    expect(findWorkspaceRoot(deep)).toBe(root);
    rmSync(root, { recursive: true, force: true });
  });

  it('finds this repository from the package itself', () => {
    const root = findWorkspaceRoot();
    expect(root && existsSync(join(root, 'packages', 'hydrate', 'package.json'))).toBe(true);
  });
});
