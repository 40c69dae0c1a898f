export {
  AdmissionToolNotFoundError,
  ETCD_VERSION,
  findWorkspaceRoot,
  KUBE_APISERVER_VERSION,
  locateEtcd,
  locateKubeApiServer,
} from './binaries.ts';
export type { ApiResponse } from './client.ts';
export { type AdmitOptions, type AdmitReport, admitCluster, admitFleet, admitFleetReport } from './fleet.ts';
export {
  type AdmissionResult,
  type DryRunOptions,
  emulationFor,
  type KubeApiServer,
  type KubeObject,
  objectRef,
  type StartOptions,
  startKubeApiServer,
} from './server.ts';
