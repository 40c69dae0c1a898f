import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeOf, errorCodesMarkdown, formatIssue, isRuntimeErrorCode } from './index.ts';

const AREAS = ['cluster', 'network', 'secrets', 'scaling', 'certificates', 'observability'];

describe('the error code table', () => {
  it('numbers every code E0XXX inside an area, never one ending in 99', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(code).toMatch(/^E0\d{3}$/);
      expect(AREAS[Number(code.slice(2, 3))], code).toBeDefined();
      expect(code.endsWith('99'), code).toBe(false);
    }
  });

  it('gives every code its own name and every issue code at most one generator code', () => {
    const names = Object.values(ERROR_CODES).map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    const issues = Object.values(ERROR_CODES).flatMap((d) => (d.kind === 'generator' ? d.issues : []));
    expect(new Set(issues).size).toBe(issues.length);
  });

  it('maps issue codes to generator codes and tells runtime codes apart', () => {
    expect(errorCodeOf('cidr-overlap')).toBe('E0105');
    expect(errorCodeOf('rule:refresh-at-least-1m')).toBe('E0208');
    expect(errorCodeOf('unknown-key')).toBeUndefined();
    expect(isRuntimeErrorCode('E0202')).toBe(true);
    expect(isRuntimeErrorCode('E0208')).toBe(false);
    expect(isRuntimeErrorCode('E0999')).toBe(false);
  });

  it('ends a formatted issue with its code when it has one', () => {
    expect(
      formatIssue({
        code: 'cidr-overlap',
        cluster: 'agentic-prod-usw2',
        path: 'network.vpcCidr',
        message: 'overlaps agentic-stg-usw2',
        expected: 'a CIDR of its own',
        found: '"10.0.0.0/16"',
      }),
    ).toBe(
      'agentic-prod-usw2: network.vpcCidr: overlaps agentic-stg-usw2 (expected a CIDR of its own, found "10.0.0.0/16") [E0105]',
    );
    expect(formatIssue({ code: 'unknown-key', message: 'unknown key' })).toBe('unknown key');
  });

  it('documents every code with its kind, name and issue codes', () => {
    const md = errorCodesMarkdown('generated');
    for (const [code, d] of Object.entries(ERROR_CODES)) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${code} |`));
      expect(row, code).toContain(`| ${d.kind} | \`${d.name}\` |`);
      if (d.kind === 'generator') for (const i of d.issues) expect(row).toContain(`\`${i}\``);
    }
  });
});
