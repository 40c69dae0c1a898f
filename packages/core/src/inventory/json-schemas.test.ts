import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GITOPS } from './__fixtures__/tmp-fleet.ts';
import { inventoryJsonSchemas, staleInventoryJsonSchemas } from './json-schemas.ts';
import { readInventoryFiles } from './read-inventory.ts';

const SCHEMA_DIR = join(DEFAULT_GITOPS, 'schemas');
const HEADER = /^# yaml-language-server: \$schema=(\S+)\n/;

describe('inventory JSON schemas', () => {
  it('committed gitops/schemas are up to date (run write-schemas.ts when this fails)', () => {
    expect(staleInventoryJsonSchemas(SCHEMA_DIR)).toEqual([]);
  });

  it('are deterministic draft-07 with a generated comment and a trailing newline', () => {
    const a = inventoryJsonSchemas();
    expect(Object.keys(a)).toEqual(['fleet.schema.json', 'environment.schema.json', 'cluster.schema.json']);
    expect(inventoryJsonSchemas()).toEqual(a);
    for (const content of Object.values(a)) {
      const json = JSON.parse(content) as Record<string, unknown>;
      expect(Object.keys(json).slice(0, 2)).toEqual(['$schema', '$comment']);
      expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(json.$comment).toMatch(/do not edit/i);
      expect(json.additionalProperties).toBe(false);
      expect(content.endsWith('}\n')).toBe(true);
    }
  });

  it('give editors the CIDR pattern and the required cost-center label', () => {
    const c = JSON.parse(inventoryJsonSchemas()['cluster.schema.json'] ?? '{}');
    const pattern = new RegExp(c.properties.network.properties.vpcCidr.pattern);
    expect(pattern.test('10.0.0.0/16')).toBe(true);
    expect(pattern.test('10.0.300.0/16')).toBe(false);
    expect(c.properties.labels.required).toEqual(['cost-center']);
  });

  it('every inventory file points its editor at the schema of its kind', async () => {
    const { files } = await readInventoryFiles(DEFAULT_GITOPS);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const ref = HEADER.exec(f.text)?.[1];
      const expected =
        f.kind === 'fleet' ? './schemas/fleet.schema.json' : `../schemas/${f.kind}.schema.json`;
      expect(ref, f.file).toBe(expected);
      await expect(
        readFile(join(DEFAULT_GITOPS, f.file.replace(/^gitops\//, ''), '..', ref ?? '')),
      ).resolves.toBeDefined();
    }
  });
});
