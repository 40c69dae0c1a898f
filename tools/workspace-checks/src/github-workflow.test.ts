import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const file = join(root, '.github/workflows/ci.yaml');

function workflowErrors(content: string): string[] {
  const result = parseWorkflow({ name: 'ci.yaml', content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((e) => e.message);
}

describe('.github/workflows/ci.yaml', () => {
  const content = readFileSync(file, 'utf8');

  it('is a valid GitHub Actions workflow (GitHub workflow parser)', () => {
    expect(workflowErrors(content)).toEqual([]);
  });

  it('checks out full depth, runs the setup script and nx affected against the base', () => {
    expect(content).toMatch(/fetch-depth: 0/);
    expect(content).toContain('bash scripts/setup.sh');
    expect(content).toMatch(/pnpm test:affected --base/);
    expect(content).toContain('pnpm gen:files --check');
  });

  it('reports errors for an invalid workflow (the check can fail)', () => {
    expect(workflowErrors('on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n').length).toBeGreaterThan(
      0,
    );
  });
});
