import { PlatformError } from '@platform/errors';
import type { Finding } from './types.ts';

/** No helm binary was found in any of the places the harness looks. */
export class HelmNotFoundError extends PlatformError {
  /** Every place that was tried, in order. */
  readonly tried: readonly string[];
  constructor(tried: readonly string[]) {
    super(
      `helm (v4) was not found; looked at: ${tried.join(', ')}. ` +
        'Run `bash scripts/setup.sh` from the workspace root to install it, ' +
        'or set HELM_BIN to a helm binary.',
    );
    this.tried = tried;
  }
}

/** `helm template` exited non-zero; `stderr` holds helm's own explanation. */
export class HelmRenderError extends PlatformError {
  readonly chartDir: string;
  readonly stderr: string;
  constructor(chartDir: string, stderr: string, options?: { cause?: unknown }) {
    super(`helm template ${chartDir} failed: ${stderr.trim()}`, options);
    this.chartDir = chartDir;
    this.stderr = stderr;
  }
}

/** helm printed something that is not a list of YAML objects. */
export class ManifestParseError extends PlatformError {
  readonly problems: readonly { source: string; message: string }[];
  constructor(problems: readonly { source: string; message: string }[]) {
    super(
      `rendered output does not parse:\n${problems.map((p) => `  - ${p.source}: ${p.message}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/** A chart rendered objects that fail the harness checks; carries every finding. */
export class ChartFindingsError extends PlatformError {
  readonly findings: readonly Finding[];
  constructor(message: string, findings: readonly Finding[]) {
    super(message);
    this.findings = findings;
  }
}

/** The scenarios given to the harness are inconsistent (e.g. two share a name). */
export class ScenarioError extends PlatformError {}
