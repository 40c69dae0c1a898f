export {
  GitError,
  type Issue,
  type IssueLocation,
  PlatformError,
  StaleError,
  UsageError,
  ValidationError,
  formatIssue,
} from './errors.ts';
