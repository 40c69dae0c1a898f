import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(import.meta.dirname, '__fixtures__/charts');

function check(chart: string) {
  const dir = join(fixtures, chart);
  rmSync(join(dir, '.test-results'), { recursive: true, force: true });
  const res = spawnSync(
    join(root, 'node_modules/.bin/tsx'),
    [join(import.meta.dirname, 'cli.ts'), 'check', dir],
    {
      encoding: 'utf8',
    },
  );
  const results = join(dir, '.test-results/harness.json');
  const counts = existsSync(results)
    ? (JSON.parse(readFileSync(results, 'utf8')) as Record<string, number>)
    : {};
  rmSync(join(dir, '.test-results'), { recursive: true, force: true });
  return { ...res, counts };
}

describe('chart-harness check (the chart projects’ test target)', () => {
  it('exits 0 on a clean chart and counts its scenario as passed', () => {
    const res = check('clean');
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.counts).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
  });

  it('fails with the findings of a defective chart', () => {
    const res = check('image-latest');
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/\[image\].*:latest/);
    expect(res.counts).toMatchObject({ numPassedTests: 0, numFailedTests: 1 });
  });

  it('exits 2 on bad usage', () => {
    const res = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      [join(import.meta.dirname, 'cli.ts'), 'nope'],
      {
        encoding: 'utf8',
      },
    );
    expect(res.status).toBe(2);
  });
});
