import type { Issue } from '@platform/errors';
import type { RenderedFleet } from '@platform/hydrate';
import type { FleetCheck } from './types.ts';

export type { FleetCheck } from './types.ts';

/** Every fleet check the command runs before anything is written. */
export const FLEET_CHECKS: readonly FleetCheck[] = [];

/** Runs the checks and returns every issue, in a stable order (cluster, component, object, path). */
export function runFleetChecks(fleet: RenderedFleet, checks: readonly FleetCheck[] = FLEET_CHECKS): Issue[] {
  const key = (i: Issue) => [i.cluster, i.component, i.object, i.path, i.code, i.message].join('\u0000');
  return checks.flatMap((c) => c(fleet)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
