export { buildCommitMessage, type CommitMessageInput, type TreeChanges } from './message.ts';
export {
  blobSha,
  DEFAULT_IDENTITY,
  type Identity,
  OWNED_FILES_PATH,
  type PublishOptions,
  type PublishResult,
  publish,
  publishBranches,
  sourceCommitOf,
} from './publish.ts';
export { isRemoteUrl } from './remote.ts';
