import { errorCodeOf } from './codes.ts';

/**
 * One base error that keeps its `cause`, and one-line subclasses (the Backstage pattern).
 * Library code throws these; only the command line formats them and picks exit codes.
 */
export class PlatformError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Where a problem is: the more of these are known, the better the message. */
export interface IssueLocation {
  /** Inventory or values file, relative to the workspace root. */
  file?: string;
  cluster?: string;
  component?: string;
  /** A rendered Kubernetes object, e.g. `apps/v1 Deployment cert-manager/cert-manager`. */
  object?: string;
  /** Dotted path inside the values or the inventory object, e.g. `hubble.relay.replicas`. */
  path?: string;
}

/** One problem found by validation: where it is, what was expected, what was found, how to fix it. */
export interface Issue extends IssueLocation {
  /** Stable machine-readable code, e.g. `unknown-key`, `cidr-overlap`. */
  code: string;
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
}

/** Bad input: carries every issue found, never just the first. */
export class ValidationError extends PlatformError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[], options?: { cause?: unknown }) {
    super(
      `${issues.length} problem(s) found:\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`,
      options,
    );
    this.issues = issues;
  }
}

/** A command-line usage problem (exit code 2). */
export class UsageError extends PlatformError {}

/** A git operation failed (exit code 3). */
export class GitError extends PlatformError {}

/**
 * A promotion the state of the source or the GitOps repository does not allow (a dirty source,
 * a previous branch missing or not what the source generates for it); nothing was written.
 */
export class PromotionError extends PlatformError {}

function context(i: IssueLocation): string {
  const who = [i.component, i.cluster].filter(Boolean).join('@');
  const parts = [i.file, who, i.object, i.path].filter(Boolean);
  return parts.join(': ');
}

/**
 * `file: component@cluster: dotted.path: message (expected X, found Y). hint [E0105]`
 * Context first, then what was expected and what was found, then the fix, then the platform
 * error code when the issue has one (docs/error-codes.md).
 */
export function formatIssue(i: Issue): string {
  const ctx = context(i);
  const ef =
    i.expected !== undefined || i.found !== undefined
      ? ` (expected ${i.expected ?? '?'}, found ${i.found ?? 'nothing'})`
      : '';
  const hint = i.hint ? ` ${i.hint}` : '';
  const code = errorCodeOf(i.code);
  return `${ctx ? `${ctx}: ` : ''}${i.message}${ef}${hint}${code ? ` [${code}]` : ''}`;
}
