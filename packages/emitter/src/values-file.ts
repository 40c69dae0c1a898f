import type { ProvenanceMap, Values } from '@platform/core';
import { joinPath } from '@platform/core';
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';

function describe(prov: ProvenanceMap, path: string): string | undefined {
  const last = prov.get(path)?.at(-1);
  return last ? ` ${last.layer}: ${last.source}` : undefined;
}

function annotate(node: Node | null | undefined, path: string, prov: ProvenanceMap): void {
  if (!isMap(node)) return;
  for (const pair of node.items as Pair<Scalar, Node>[]) {
    const key = String(pair.key.value);
    const p = joinPath(path, key);
    if (isMap(pair.value) && pair.value.items.length > 0) {
      annotate(pair.value, p, prov);
      continue;
    }
    const comment = describe(prov, p);
    if (!comment) continue;
    if (isScalar(pair.value)) pair.value.comment = comment;
    else if (isSeq(pair.value) || isMap(pair.value)) pair.key.comment = comment;
  }
}

/**
 * A values file: keys sorted, and a trailing comment on every leaf naming the layer and the
 * source that set it (arrays are leaves: they replace, never merge).
 */
export function renderValuesFile(header: string, values: Values, provenance: ProvenanceMap): string {
  const doc = new Document(values, { sortMapEntries: true, aliasDuplicateObjects: false });
  annotate(doc.contents as Node, '', provenance);
  const body = Object.keys(values).length === 0 ? '{}\n' : doc.toString({ lineWidth: 0 });
  return `${header}\n${body}`;
}
