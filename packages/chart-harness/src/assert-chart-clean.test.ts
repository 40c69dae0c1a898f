import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertChartClean, expectNoFindings } from './assert-chart-clean.ts';
import { ChartFindingsError } from './errors.ts';
import { formatFindings } from './format-findings.ts';
import type { Finding } from './types.ts';

const chart = (name: string) => fileURLToPath(new URL(`./__fixtures__/charts/${name}`, import.meta.url));

const finding = (scenario: string, path: string): Finding => ({
  scenario,
  check: 'labels',
  object: 'v1 Namespace team',
  path,
  message: 'missing required label',
});

describe('formatFindings', () => {
  it('groups findings by scenario, one line each', () => {
    expect(formatFindings([finding('dev', 'a'), finding('prod', 'b'), finding('dev', '')])).toBe(
      [
        '3 finding(s) in 2 scenario(s):',
        '',
        'scenario dev:',
        '  [labels] v1 Namespace team: a: missing required label',
        '  [labels] v1 Namespace team: missing required label',
        '',
        'scenario prod:',
        '  [labels] v1 Namespace team: b: missing required label',
      ].join('\n'),
    );
    expect(formatFindings([])).toBe('no findings');
  });
});

describe('expectNoFindings', () => {
  it('passes when there is nothing to report', () => {
    expect(() => expectNoFindings([])).not.toThrow();
  });

  it('fails with every finding in the message and on the error', () => {
    const findings = [finding('dev', 'a'), finding('prod', 'b')];
    const error = (() => {
      try {
        expectNoFindings(findings);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ChartFindingsError);
    expect((error as ChartFindingsError).findings).toEqual(findings);
    expect((error as Error).message).toBe(formatFindings(findings));
  });
});

describe('assertChartClean', () => {
  it('returns the rendered objects of a clean chart', async () => {
    const { objects } = await assertChartClean(chart('clean'), [
      { name: 'defaults', values: {}, namespace: 'web' },
    ]);
    expect(objects.get('defaults')?.length).toBe(4);
  });

  it('fails listing the findings of every scenario', async () => {
    await expect(
      assertChartClean(chart('image-latest'), [
        { name: 'dev', values: {} },
        { name: 'prod', values: {} },
      ]),
    ).rejects.toThrow(/2 finding\(s\) in 2 scenario\(s\)[\s\S]*scenario dev:[\s\S]*scenario prod:/);
  });
});
