/**
 * Turns Kubernetes OpenAPI schemas into closed JSON Schemas (draft-07, for ajv) that accept what
 * the API server accepts with strict field validation: an object field the schema does not
 * declare is an error unless the schema says `x-kubernetes-preserve-unknown-fields`, an
 * int-or-string takes either, a quantity is a number or a quantity string.
 */
type Json = Record<string, unknown>;

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** The API server's quantity syntax (`resource.ParseQuantity`). */
export const QUANTITY_PATTERN =
  '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';

/** `$ref` to a built-in schema by its OpenAPI name (each is registered with ajv under its name). */
export function builtinRef(name: string): Json {
  return { $ref: name };
}

/** A built-in schema (from `components.schemas`) as a closed JSON Schema. */
export function closeBuiltin(name: string, schema: unknown): Json {
  if (name === QUANTITY) return { type: ['string', 'number'], pattern: QUANTITY_PATTERN };
  return builtin(schema as Json);
}

function builtin(s: Json): Json {
  const ref = refOf(s);
  if (ref !== undefined) return builtinRef(ref.replace('#/components/schemas/', ''));
  if (s.format === 'int-or-string') return { type: ['integer', 'string'] };
  const out: Json = {};
  if (typeof s.type === 'string') out.type = s.type;
  if (Array.isArray(s.required)) out.required = s.required;
  if (Array.isArray(s.enum)) out.enum = s.enum;
  if (Array.isArray(s.oneOf)) out.anyOf = (s.oneOf as Json[]).map(builtin);
  if (isJson(s.items)) out.items = builtin(s.items);
  if (isJson(s.properties)) {
    out.properties = mapValues(s.properties as Record<string, Json>, builtin);
  }
  if (isJson(s.additionalProperties)) out.additionalProperties = builtin(s.additionalProperties);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  else if (out.properties !== undefined && !s['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function refOf(s: Json): string | undefined {
  if (typeof s.$ref === 'string') return s.$ref;
  const all = s.allOf;
  if (Array.isArray(all) && all.length === 1 && typeof (all[0] as Json).$ref === 'string') {
    return (all[0] as Json).$ref as string;
  }
  return undefined;
}

const COPIED = [
  'required',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'multipleOf',
] as const;

/**
 * A CRD version's `openAPIV3Schema` as a closed JSON Schema. The root `metadata` is validated as
 * the API server does, against the built-in ObjectMeta; CEL rules and formats are not checked.
 */
export function closeCrd(schema: unknown): Json {
  const root = crd(isJson(schema) ? schema : {}, true);
  const properties = { ...(root.properties as Json | undefined) };
  properties.metadata = builtinRef(OBJECT_META);
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  return { ...root, type: 'object', properties };
}

function crd(s: Json, closing: boolean): Json {
  const out: Json = {};
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (intOrString) out.type = ['integer', 'string'];
  else if (typeof s.type === 'string') out.type = s.type;
  for (const k of COPIED) if (s[k] !== undefined) out[k] = s[k];
  if (typeof s.pattern === 'string' && compiles(s.pattern)) out.pattern = s.pattern;
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[k])) out[k] = (s[k] as Json[]).map((b) => crd(b, false));
  }
  if (isJson(s.not)) out.not = crd(s.not, false);
  if (isJson(s.items)) out.items = crd(s.items, true);
  let properties = isJson(s.properties)
    ? mapValues(s.properties as Record<string, Json>, (p) => crd(p, true))
    : undefined;
  if (s['x-kubernetes-embedded-resource'] === true) {
    properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...properties,
    };
  }
  if (properties !== undefined) out.properties = properties;
  if (isJson(s.additionalProperties)) out.additionalProperties = crd(s.additionalProperties, true);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  else if (closing && !preserve && s.type === 'object') out.additionalProperties = false;
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapValues<T, U>(obj: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

/**
 * The object as the API server validates it: a field set to null is the same as an absent
 * field (the JSON decoder leaves it unset, and CRD pruning drops it), so nulls are removed.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJson(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out;
}
