export { buildCommitMessage, type CommitMessageInput, type TreeChanges } from './message.ts';
export { type PromoteOptions, type PromoteResult, promote } from './promote.ts';
export {
  DEFAULT_IDENTITY,
  type Identity,
  type PublishOptions,
  type PublishResult,
  publish,
  publishBranches,
} from './publish.ts';
export { isRemoteUrl } from './remote.ts';
export { sourceCommitOf } from './source.ts';
export { blobSha, OWNED_FILES_PATH } from './tree.ts';
