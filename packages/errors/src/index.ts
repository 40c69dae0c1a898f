export {
  formatIssue,
  GitError,
  type Issue,
  type IssueLocation,
  PlatformError,
  StaleError,
  UsageError,
  ValidationError,
} from './errors.ts';
