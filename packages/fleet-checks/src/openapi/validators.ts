import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;
const OPTIONS = {
  allErrors: true,
  strict: false,
  validateFormats: false,
  verbose: true,
  inlineRefs: false,
  code: { source: true },
} as const;

type Schemas = Readonly<Record<string, Record<string, unknown>>>;

/** A content hash of schemas and the ajv that compiles them: the name of their compiled module. */
export function schemasHash(...parts: unknown[]): string {
  const hash = createHash('sha256').update(AJV_VERSION).update(JSON.stringify(OPTIONS));
  for (const part of parts) hash.update(JSON.stringify(part));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Validators of `roots` (ids among `schemas`), compiled with ajv once and kept as a standalone
 * module in `file`: compiling the Kubernetes schemas takes seconds, loading the module does not.
 * The file name carries the content hash, so a changed schema or ajv compiles anew.
 */
export function precompiled(
  file: string,
  schemas: Schemas,
  roots: readonly string[],
): Record<string, ValidateFunction> {
  if (existsSync(file)) {
    try {
      return require(file) as Record<string, ValidateFunction>;
    } catch {
      // a truncated or foreign file: compile again below
    }
  }
  const ajv = new Ajv(OPTIONS);
  for (const [id, schema] of Object.entries(schemas)) ajv.addSchema({ ...schema, $id: id });
  const exports: Record<string, string> = {};
  const compiled: Record<string, ValidateFunction> = {};
  for (const [i, root] of roots.entries()) {
    const fn = ajv.getSchema(root);
    if (fn === undefined) throw new Error(`no schema ${root} to compile`);
    compiled[root] = fn;
    exports[`v${i}`] = root;
  }
  const code = standalone(ajv, exports);
  const mapping = roots.map((root, i) => `${JSON.stringify(root)}: module.exports.v${i}`).join(',\n');
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${code}\nmodule.exports = {\n${mapping}\n};\n`);
  renameSync(partial, file);
  return compiled;
}

/** Reads a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** `<dir>/validators/<name>.cjs`. */
export function validatorFile(dir: string, name: string): string {
  return join(dir, 'validators', `${name}.cjs`);
}
