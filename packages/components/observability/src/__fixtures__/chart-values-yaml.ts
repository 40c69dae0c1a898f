import { Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { type ChartValues, chartValues } from '../chart/index.ts';

/**
 * Writes `charts/observability/values.yaml` from the values the builder computes for a
 * development cluster (so Helm's defaults carry every rule), with a `# --` comment on every
 * key taken from the zod schema's descriptions (entries of maps get one naming the entry).
 */

const HEADER = `# Values of the observability chart. The generator (packages/components/observability) writes
# them per cluster; values.schema.json is generated from its zod schema. The defaults here are a
# development cluster's: every platform rule, monitor, secret and dashboard.
`;

type Schema = z.ZodType;
const describe = (s: Schema | undefined): string | undefined =>
  s ? (z.globalRegistry.get(s)?.description as string | undefined) : undefined;

function unwrap(s: Schema): Schema {
  let cur = s as Schema & { _zod: { def: { type: string; innerType?: Schema } } };
  while (
    cur._zod.def.type === 'optional' ||
    cur._zod.def.type === 'default' ||
    cur._zod.def.type === 'nullable'
  )
    cur = cur._zod.def.innerType as typeof cur;
  return cur;
}

function child(s: Schema | undefined, key: string | number): { schema?: Schema; entry?: boolean } {
  if (!s) return {};
  const def = (unwrap(s) as Schema & { _zod: { def: Record<string, any> } })._zod.def;
  if (def.type === 'object') return { schema: def.shape[key] };
  if (def.type === 'record') return { schema: def.valueType, entry: true };
  if (def.type === 'array') return { schema: def.element };
  return {};
}

function annotate(node: YAMLMap, schema: Schema | undefined) {
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const { schema: sub, entry } = child(schema, key);
    const own = describe(sub);
    const text = entry ? `${own ?? 'Entry'}: ${key}` : (own ?? key);
    if (isScalar(pair.key)) pair.key.commentBefore = ` -- ${text}`;
    if (isMap(pair.value)) annotate(pair.value, sub);
    else if (isSeq(pair.value)) {
      const elem = child(sub, 0).schema;
      for (const item of pair.value.items) if (isMap(item)) annotate(item, elem);
    }
  }
}

export function valuesYamlText(values: ChartValues): string {
  const doc = new Document(values);
  annotate(doc.contents as YAMLMap, chartValues);
  return HEADER + doc.toString({ lineWidth: 0 });
}
