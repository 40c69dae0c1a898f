/**
 * Writes (or, with --check, verifies) the editor JSON schemas of the inventory in
 * gitops/schemas/. Usage from the workspace root:
 *   pnpm exec tsx packages/core/src/inventory/write-schemas.ts [--check]
 */
import { fileURLToPath } from 'node:url';
import { staleInventoryJsonSchemas, writeInventoryJsonSchemas } from './json-schemas.ts';

const dir = fileURLToPath(new URL('../../../../gitops/schemas/', import.meta.url));

if (process.argv.includes('--check')) {
  const stale = staleInventoryJsonSchemas(dir);
  if (stale.length > 0) {
    process.stderr.write(
      `stale inventory schemas in gitops/schemas: ${stale.join(', ')}\n` +
        'run: pnpm exec tsx packages/core/src/inventory/write-schemas.ts\n',
    );
    process.exitCode = 1;
  } else {
    process.stdout.write('gitops/schemas is up to date\n');
  }
} else {
  const written = writeInventoryJsonSchemas(dir);
  process.stdout.write(
    written.length > 0
      ? `wrote ${written.map((f) => `gitops/schemas/${f}`).join(', ')}\n`
      : 'gitops/schemas is up to date\n',
  );
}
