import { formatPath, isRecord, type PathSegment } from '../object-path.ts';
import type { ObjectProblem } from '../object-problem.ts';
import { isWorkload, podTemplateOf } from './workloads.ts';

/** The cost-attribution labels every namespace and workload carries. */
export const REQUIRED_LABELS: readonly string[] = ['cost-center', 'layer', 'environment'];

/**
 * Every Namespace and workload carries the required labels, on its own metadata and, for
 * workloads, on the pod template too: OpenCost allocates costs by pod labels.
 */
export function checkLabels(
  manifest: Record<string, unknown>,
  required: readonly string[] = REQUIRED_LABELS,
): ObjectProblem[] {
  const isNamespace = manifest.apiVersion === 'v1' && manifest.kind === 'Namespace';
  if (!isNamespace && !isWorkload(manifest)) return [];
  const metadata = isRecord(manifest.metadata) ? manifest.metadata : {};
  const problems = missing(metadata.labels, ['metadata', 'labels'], required, 'the object');
  const template = podTemplateOf(manifest);
  if (template !== undefined && manifest.kind !== 'Pod') {
    problems.push(
      ...missing(
        template.labels,
        template.labelsPath,
        required,
        'the pod template (OpenCost allocates by pod labels)',
      ),
    );
  }
  return problems;
}

function missing(
  labels: unknown,
  path: PathSegment[],
  required: readonly string[],
  where: string,
): ObjectProblem[] {
  const present = isRecord(labels) ? labels : {};
  return required.flatMap((label): ObjectProblem[] => {
    const value = present[label];
    if (typeof value === 'string' && value !== '') return [];
    return [
      {
        check: 'labels',
        path: formatPath([...path, label]),
        message:
          `missing required label "${label}" on ${where} (expected a non-empty value, found ` +
          `${value === undefined ? 'nothing' : JSON.stringify(value)}); set it in ${formatPath(path)}, ` +
          'usually from the chart values the generator fills in',
      },
    ];
  });
}
