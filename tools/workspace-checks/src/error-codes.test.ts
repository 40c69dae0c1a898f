import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERROR_CODES } from '@platform/errors';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The non-test TypeScript sources under packages/ and apps/. */
function sources(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('__') || e.name === 'dist') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(ROOT, 'packages'));
  walk(join(ROOT, 'apps'));
  return out.join('\n');
}

describe('error codes', () => {
  it('map only issue codes and component rules that the generator really raises', () => {
    const src = sources();
    const missing: string[] = [];
    for (const [code, d] of Object.entries(ERROR_CODES)) {
      if (d.kind !== 'generator') continue;
      for (const issue of d.issues) {
        const raised = issue.startsWith('rule:')
          ? src.includes(`id: '${issue.slice('rule:'.length)}'`)
          : src.includes(`code: '${issue}'`);
        if (!raised) missing.push(`${code} ${issue}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
