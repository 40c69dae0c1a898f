import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedJsonSchema } from '../contract/json-schema.ts';
import { cluster, environmentProfile, fleetSettings } from './schema.ts';

/** Where the editor schemas live, relative to the workspace root. */
export const INVENTORY_SCHEMA_DIR = 'gitops/schemas';

/** Which zod schema each generated file comes from. */
const SOURCES = {
  'fleet.schema.json': fleetSettings,
  'environment.schema.json': environmentProfile,
  'cluster.schema.json': cluster,
} as const;

/** Named in each file's `$comment`; `write-schemas.ts` and `pnpm gen:files` both call it. */
const GENERATED_BY = 'packages/core/src/inventory/json-schemas.ts';

/**
 * The JSON schemas editors use to check the inventory files (yaml-language-server), generated
 * from the zod schemas: file name (`fleet.schema.json`, ...) to file content. Deterministic:
 * draft-07 input side, sorted keys, a generated-do-not-edit `$comment`, trailing newline.
 * Fleet rules (CIDR overlap, version floor, system pool) are not expressible here; the loader
 * still checks them.
 */
export function inventoryJsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, schema] of Object.entries(SOURCES)) {
    out[file] = generatedJsonSchema(schema, GENERATED_BY);
  }
  return out;
}

/** The generated schema files that are missing from `dir` or differ from what is generated. */
export function staleInventoryJsonSchemas(dir: string): string[] {
  return Object.entries(inventoryJsonSchemas())
    .filter(([file, content]) => {
      const path = join(dir, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== content;
    })
    .map(([file]) => file);
}

/** Writes the stale schema files into `dir` and returns their names. */
export function writeInventoryJsonSchemas(dir: string): string[] {
  const stale = staleInventoryJsonSchemas(dir);
  const schemas = inventoryJsonSchemas();
  mkdirSync(dir, { recursive: true });
  for (const file of stale) writeFileSync(join(dir, file), schemas[file] ?? '');
  return stale;
}
