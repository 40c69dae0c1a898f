import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkRequirements,
  countByStatus,
  parseRequirements,
  STATUSES,
  testTitles,
} from './requirements-table.ts';

const root = resolve(import.meta.dirname, '../../..');
const doc = readFileSync(join(root, 'docs/requirements.md'), 'utf8');
const rows = parseRequirements(doc);

const HEADER = '| ID | Requirement | Status | Where | Test | Reason |\n|---|---|---|---|---|---|\n';
const THIS_TEST = 'tools/workspace-checks/src/requirements.test.ts';

describe('docs/requirements.md coverage table', () => {
  it('has a row for every requirement, each with a known status', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    const counts = countByStatus(rows);
    expect(Object.keys(counts).filter((s) => !(STATUSES as readonly string[]).includes(s))).toEqual([]);
  });

  it('names only files, anchors, test files and test titles that exist, with unique ids and reasons', () => {
    expect(checkRequirements(rows, root)).toEqual([]);
  });

  it('is linked from the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme.includes('](docs/requirements.md)'), 'README.md has no link to docs/requirements.md').toBe(
      true,
    );
  });
});

describe('the coverage checker can fail', () => {
  it('reports a missing file, test file and test title, an unknown status, a repeated id and a missing reason', () => {
    const bad = parseRequirements(
      HEADER +
        [
          `| R-1-gone | a file that is not there | met | \`charts/nope/values.yaml\` | \`${THIS_TEST}\` | |`,
          '| R-2-notest | a test file that is not there | met | `README.md` | `tools/workspace-checks/src/nope.test.ts` | |',
          `| R-3-title | a test title that is not there | partial | \`README.md\` | \`${THIS_TEST}\` › "no such test" | half done |`,
          '| R-4-status | an unknown status | done | `README.md` | | |',
          `| R-5-dup | first | met | \`README.md\` | \`${THIS_TEST}\` | |`,
          `| R-5-dup | second | met | \`README.md\` | \`${THIS_TEST}\` | |`,
          '| R-6-why | declined without a reason | declined | | | — |',
          `| R-7-anchor | a missing anchor | met | \`docs/decisions.md#no-such-anchor\` | \`${THIS_TEST}\` | |`,
          '| R-8-bare | met without file or test | met | | | |',
        ].join('\n'),
    );
    expect(checkRequirements(bad, root)).toEqual([
      'docs/requirements.md:3 R-1-gone: file charts/nope/values.yaml does not exist',
      'docs/requirements.md:4 R-2-notest: test file tools/workspace-checks/src/nope.test.ts does not exist',
      `docs/requirements.md:5 R-3-title: no test "no such test" in ${THIS_TEST}`,
      'docs/requirements.md:6 R-4-status: status must be one of met, partial, planned, declined, found "done"',
      'docs/requirements.md:8 R-5-dup: id repeats the row at line 7',
      'docs/requirements.md:9 R-6-why: a declined row needs a reason, found none',
      'docs/requirements.md:10 R-7-anchor: docs/decisions.md has no anchor #no-such-anchor',
      'docs/requirements.md:11 R-8-bare: names no file where it lives',
      'docs/requirements.md:11 R-8-bare: names no test that shows it',
    ]);
  });

  it('accepts a good row and does not check the files of planned rows', () => {
    const good = parseRequirements(
      HEADER +
        [
          `| R-1-ok | shown | met | \`README.md\`, \`docs/decisions.md#secrets\` | \`${THIS_TEST}\` › "is linked from the README" | |`,
          '| R-2-later | not yet | planned | `charts/future/values.yaml` | `charts/future/x.test.ts` | issue #20 |',
        ].join('\n'),
    );
    expect(good.map((r) => r.id)).toEqual(['R-1-ok', 'R-2-later']);
    expect(checkRequirements(good, root)).toEqual([]);
  });

  it('reads test titles in every quote style, with escapes and modifiers', () => {
    const titles = testTitles(
      [
        "it('single \\'quoted\\'', () => {});",
        'it("an environment\'s windows", () => {});',
        'describe.each([1, 2])(`each %s`, () => {});',
        "it.skipIf(process.env.CI)('skipped', () => {});",
      ].join('\n'),
    );
    expect([...titles]).toEqual(["single 'quoted'", "an environment's windows", 'each %s', 'skipped']);
  });
});
