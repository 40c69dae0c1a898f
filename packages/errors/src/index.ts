export {
  ERROR_CODES,
  type ErrorCode,
  errorCodeOf,
  errorCodesMarkdown,
  type GeneratorErrorCode,
  isRuntimeErrorCode,
  type RuntimeErrorCode,
} from './codes.ts';
export { closestMatch, didYouMean, didYouMeanHint, levenshtein } from './did-you-mean.ts';
export {
  formatIssue,
  GitError,
  type Issue,
  type IssueLocation,
  PlatformError,
  PromotionError,
  UsageError,
  ValidationError,
} from './errors.ts';
