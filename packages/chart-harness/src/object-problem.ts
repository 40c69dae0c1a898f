import type { FindingCheck } from './types.ts';

/** A problem inside one object, before the scenario and object name are attached. */
export interface ObjectProblem {
  check: FindingCheck;
  path: string;
  message: string;
}
