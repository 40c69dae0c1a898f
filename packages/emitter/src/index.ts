export { applicationSet, appProject, argoRepoURL, rootApplication, WAVE_LABEL } from './argo.ts';
export { type EmitInput, emitTree } from './emit.ts';
export type { GeneratorInfo } from './header.ts';
export {
  applicationSetFile,
  appProjectFile,
  appsDir,
  bootstrapFile,
  chartDir,
  clusterReadmeFile,
  componentDir,
  describePath,
  README,
  valuesFile,
} from './paths.ts';
export { renderValuesFile } from './values-file.ts';
