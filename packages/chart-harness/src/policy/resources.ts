import { formatPath, isRecord } from '../object-path.ts';
import type { ObjectProblem } from '../object-problem.ts';
import { containersOf, podTemplateOf } from './workloads.ts';

const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'cpu'],
  ['limits', 'memory'],
] as const;

/**
 * Every container and init container sets CPU and memory requests and limits (ephemeral
 * containers cannot have resources). Quotas, the scheduler and cost allocation depend on them.
 */
export function checkResources(manifest: Record<string, unknown>): ObjectProblem[] {
  const template = podTemplateOf(manifest);
  if (template === undefined) return [];
  return containersOf(template)
    .filter((ref) => ref.list !== 'ephemeralContainers')
    .flatMap(({ container, path }) => {
      const resources = isRecord(container.resources) ? container.resources : {};
      return REQUIRED.flatMap(([bucket, resource]): ObjectProblem[] => {
        const values = isRecord(resources[bucket]) ? resources[bucket] : {};
        const value = values[resource];
        if ((typeof value === 'string' && value !== '') || typeof value === 'number') return [];
        const shown = value === undefined ? 'nothing' : JSON.stringify(value);
        return [
          {
            check: 'resources',
            path: formatPath([...path, 'resources', bucket, resource]),
            message:
              `expected a ${resource} ${bucket === 'requests' ? 'request' : 'limit'} (a quantity such as ` +
              `${resource === 'cpu' ? '100m' : '256Mi'}), found ${shown}; ` +
              `set resources.${bucket}.${resource} in the chart values`,
          },
        ];
      });
    });
}
