import { Ajv, type ValidateFunction } from 'ajv';
import { describeAjvErrors, type SchemaProblem } from './ajv-errors.ts';
import { CILIUM_SCHEMAS } from './cilium-policy-schema.ts';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** True when the harness has its own strict schema for `apiVersion`/`kind` (Cilium policies). */
export function hasCiliumSchema(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(CILIUM_SCHEMAS, `${apiVersion}/${kind}`);
}

/** Validates a Cilium object against our strict schema; reports every problem, unknown fields included. */
export function validateCilium(manifest: Record<string, unknown>): SchemaProblem[] {
  const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
  const schema = CILIUM_SCHEMAS[key];
  if (schema === undefined) return [];
  let validate = compiled.get(key);
  if (validate === undefined) {
    // strict about the schema's own keywords, quiet otherwise: a library never logs
    ajv ??= new Ajv({
      allErrors: true,
      verbose: true,
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      logger: false,
      inlineRefs: false,
    });
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate(manifest) ? [] : describeAjvErrors(validate.errors ?? [], manifest);
}
