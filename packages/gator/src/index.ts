export { type GatorFleetOptions, gatorCluster, gatorFleet } from './fleet.ts';
export {
  GATOR_VERSION,
  GatorError,
  type GatorInput,
  GatorNotFoundError,
  type GatorViolation,
  gatorTest,
  type KubeObject,
  locateGator,
  objectRef,
  splitPolicies,
} from './gator.ts';
