export { buildCommitMessage, type CommitMessageInput, type TreeChanges } from './message.ts';
export {
  blobSha,
  DEFAULT_IDENTITY,
  type Identity,
  OWNED_FILES_PATH,
  type PromoteOptions,
  type PromoteResult,
  type PublishOptions,
  type PublishResult,
  promote,
  publish,
  publishBranches,
  sourceCommitOf,
} from './publish.ts';
export { isRemoteUrl } from './remote.ts';
