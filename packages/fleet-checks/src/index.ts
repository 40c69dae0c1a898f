export type { FleetCheck } from './types.ts';
