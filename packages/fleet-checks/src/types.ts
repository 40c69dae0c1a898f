import type { Issue } from '@platform/errors';
import type { RenderedFleet } from '@platform/hydrate';

/**
 * A check over the rendered fleet. Every problem is an Issue naming the cluster, the component,
 * the object (`object`, e.g. `apps/v1 Deployment cert-manager/cert-manager`), the dotted path
 * inside it, what was expected and what was found.
 */
export type FleetCheck = (fleet: RenderedFleet) => Issue[];
