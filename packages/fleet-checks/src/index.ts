export { argoProject } from './argo-project.ts';
export type { FleetCheck } from './types.ts';
