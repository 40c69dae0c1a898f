/**
 * A small structural check of an object against a CRD version's openAPIV3Schema, for
 * cross-checking rendered objects against the CRDs of the upstream charts the fleet installs
 * (see `upstreamCrds`):
 * types, required fields, enums, patterns, bounds, and unknown fields (as the API server's
 * strict field validation rejects them). CEL rules (x-kubernetes-validations) are not evaluated.
 */
export type CrdSchema = {
  description?: string;
  type?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: CrdSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  nullable?: boolean;
};

/** The openAPIV3Schema of `kind` at `version` among CRD objects, or undefined when none defines it. */
export function crdSchema(
  crds: readonly Record<string, unknown>[],
  kind: string,
  version: string,
): CrdSchema | undefined {
  for (const object of crds) {
    const crd = object as {
      kind?: string;
      spec?: {
        names?: { kind?: string };
        versions?: { name: string; schema?: { openAPIV3Schema: CrdSchema } }[];
      };
    };
    if (crd.kind !== 'CustomResourceDefinition' || crd.spec?.names?.kind !== kind) continue;
    return crd.spec.versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  }
  return undefined;
}

/** Every problem of `value` against `schema`, as `path: message`. */
export function crdProblems(schema: CrdSchema, value: unknown, path = ''): string[] {
  const at = path || '(root)';
  if (value === null && schema.nullable) return [];
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && !Number.isInteger(value)) return [`${at}: expected int or string`];
    return typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)
      ? [`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`]
      : [];
  }
  const out: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [`${at}: expected object`];
      const obj = value as Record<string, unknown>;
      for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}: missing required ${r}`);
      for (const [k, v] of Object.entries(obj)) {
        const child = schema.properties?.[k];
        const extra = schema.additionalProperties;
        if (child) out.push(...crdProblems(child, v, path ? `${path}.${k}` : k));
        else if (typeof extra === 'object') out.push(...crdProblems(extra, v, path ? `${path}.${k}` : k));
        else if (!schema['x-kubernetes-preserve-unknown-fields'] && schema.properties)
          out.push(`${path ? `${path}.${k}` : k}: unknown field`);
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${at}: expected array`];
      if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: too few items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: too many items`);
      value.forEach((v, i) => {
        if (schema.items) out.push(...crdProblems(schema.items, v, `${path}[${i}]`));
      });
      return out;
    }
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected string`];
      if (schema.pattern && !new RegExp(schema.pattern).test(value))
        out.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
      return out;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value)))
        return [`${at}: expected ${schema.type}`];
      if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
      return out;
    case 'boolean':
      return typeof value === 'boolean' ? out : [`${at}: expected boolean`];
    default:
      return out;
  }
}
