import type { RenderedObject } from './types.ts';

/** Kinds the fleet's Gatekeeper constraint `require-cost-labels` checks. */
export const LABELLED_KINDS = ['Namespace', 'Deployment', 'StatefulSet', 'DaemonSet'] as const;

/**
 * Every object of `kinds` that lacks one of `labels` (or has another value), as
 * `Kind namespace/name: label=found` lines; empty when all carry them.
 */
export function missingLabels(
  objects: readonly RenderedObject[],
  labels: Readonly<Record<string, string>>,
  kinds: readonly string[] = LABELLED_KINDS,
): string[] {
  return objects.flatMap(({ manifest }) => {
    const kind = String(manifest.kind);
    if (!kinds.includes(kind)) return [];
    const meta = manifest.metadata as { name?: string; namespace?: string; labels?: Record<string, string> };
    const have = meta.labels ?? {};
    const wrong = Object.entries(labels).filter(([k, v]) => have[k] !== v);
    return wrong.length === 0
      ? []
      : [
          `${kind} ${meta.namespace ?? ''}/${meta.name}: ${wrong.map(([k]) => `${k}=${have[k] ?? '(missing)'}`).join(', ')}`,
        ];
  });
}
