import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, compute, loadDefaultFleet } from './__fixtures__/chart-fleet.ts';
import { valuesYamlText } from './__fixtures__/chart-values-yaml.ts';
import { chartValues } from './index.ts';

const FILE = join(CHART_DIR, 'values.yaml');

describe('charts/observability/values.yaml', () => {
  it("holds a development cluster's computed values, with a `# --` comment on every key (UPDATE_VALUES_YAML=1 rewrites it)", async () => {
    const dev = compute(await loadDefaultFleet()).byCluster.get('agentic-dev-usw2')!;
    const expected = valuesYamlText({ ...dev.chart, cluster: 'example' });
    if (process.env.UPDATE_VALUES_YAML === '1') writeFileSync(FILE, expected);
    const text = readFileSync(FILE, 'utf8');
    expect(text).toBe(expected);
    const values = parse(text);
    expect(chartValues.safeParse(values).success).toBe(true);
    // every key line is preceded by a `# --` comment
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*[^#\s-][^:]*:/.test(line))
        expect(lines[i - 1], `line ${i + 1}: ${line}`).toMatch(/^\s*(- )?# -- /);
    });
  });
});
