export type { K8sObject, RenderedCluster, RenderedFleet, RenderedSource } from './types.ts';
