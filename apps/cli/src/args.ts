import { parseArgs } from 'node:util';
import { UsageError } from '@platform/errors';

/** What the command line was asked to do. */
export interface CliOptions {
  mode: 'publish' | 'out' | 'render' | 'check' | 'diff' | 'explain' | 'help' | 'version';
  /** Directory for --out, --check and --diff. */
  dir?: string;
  explain?: { cluster: string; component: string; path: string };
  environments: string[];
  clusters: string[];
  json: boolean;
  /** Inventory directory (default `gitops/` in the workspace). */
  inventory?: string;
  /** Publishing target for the default mode: a path or URL (default `.gitops-repo/`). */
  repo?: string;
  quiet: boolean;
  /** Skip rendering the Applications and the fleet checks on the rendered objects. */
  noRender: boolean;
  /** `--diff --rendered`: compare rendered objects instead of files. */
  rendered: boolean;
  /** Also dry-run every rendered object on a real kube-apiserver and evaluate Gatekeeper with gator. */
  admit: boolean;
  /** Create the --repo (or gitops.publishRepo) repository when the local path does not exist. */
  init: boolean;
  /** `--promote <env>`: move the tree onto that environment's branch from the previous one's. */
  promote?: string;
  /** With one branch per environment: write every branch at once instead of the first one only. */
  skipPromotion: boolean;
}

export const HELP = `Usage: pnpm gen:gitops [options]

Generate, validate and publish the GitOps tree of the fleet described in gitops/.

Modes (default: generate and commit to the GitOps repository):
  --out <dir>             write the tree into <dir> only (no git), replacing what a previous run wrote there
  --render <dir>          render every generated Application as Argo CD would (helm template with the
                          upstream charts from the chart cache) into <dir>/<cluster>/<component>/<source>.yaml,
                          and run the fleet checks on the rendered objects
  --check <dir>           exit 1 with a summary of differing files when <dir> is not exactly what would be generated
  --diff <dir>            print the change against <dir>, grouped by cluster and component
  --diff <dir> --rendered render both trees and print the object-level changes (kind/namespace/name and
                          the changed fields), grouped by cluster and component
  --explain <cluster> <component> <dotted.path>
                          print where a value comes from, layer by layer (e.g. cilium.hubble.relay.replicas)

Promotion (gitops.branchPerEnvironment: true; order: gitops.promotion, default
development -> staging -> production):
  (default)               publish writes the first environment's branch only (dev)
  --promote <env>         move the tree onto <env>'s branch from the previous environment's branch;
                          refused when the source checkout is dirty, the previous branch does not
                          exist or is not what this checkout generates for it
  --skip-promotion        write every environment's branch at once (said in the commit message)

Options:
  --repo <path-or-url>    GitOps repository to commit to (default: .gitops-repo/ in the workspace);
                          a URL (ssh://, https://, file://, git+ssh://, ...) or user@host:path is remote
  --init                  create the --repo repository when that local path does not exist yet
  --env <name>            limit to an environment (repeatable)
  --cluster <name>        limit to a cluster (repeatable)
  --inventory <dir>       fleet inventory directory (default: gitops/)
  --no-render             skip rendering and the checks of rendered objects (said in the output and
                          the commit message); publishing and --out render by default, which needs
                          the pinned charts in the chart cache ("pnpm charts:pull")
  --admit                 after the fleet checks, dry-run every rendered object on a real kube-apiserver
                          (one per cluster, CRDs applied first, strict field validation, Pod Security)
                          and evaluate the fleet's Gatekeeper constraints with gator; slow (about a
                          minute per cluster), needs the tools scripts/setup.sh builds
  --json                  machine-readable result on stdout
  --quiet                 no progress output
  -h, --help              this help
  --version               the generator version

Exit codes: 0 success, 1 validation or check failure, 2 usage error, 3 git error.
`;

/** Parses argv (without node and script). Throws UsageError on bad usage. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        render: { type: 'string' },
        'no-render': { type: 'boolean', default: false },
        rendered: { type: 'boolean', default: false },
        admit: { type: 'boolean', default: false },
        check: { type: 'string' },
        diff: { type: 'string' },
        explain: { type: 'string' },
        repo: { type: 'string' },
        env: { type: 'string', multiple: true },
        cluster: { type: 'string', multiple: true },
        inventory: { type: 'string' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
        init: { type: 'boolean', default: false },
        promote: { type: 'string' },
        'skip-promotion': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${HELP}`);
  }
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const positionals = parsed.positionals;
  const base = {
    environments: (v.env as string[] | undefined) ?? [],
    clusters: (v.cluster as string[] | undefined) ?? [],
    json: v.json === true,
    quiet: v.quiet === true,
    noRender: v['no-render'] === true,
    rendered: v.rendered === true,
    admit: v.admit === true,
    init: v.init === true,
    skipPromotion: v['skip-promotion'] === true,
    ...(typeof v.inventory === 'string' ? { inventory: v.inventory } : {}),
    ...(typeof v.repo === 'string' ? { repo: v.repo } : {}),
  };
  if (v.help) return { ...base, mode: 'help' };
  if (v.version) return { ...base, mode: 'version' };
  const modes = (['out', 'render', 'check', 'diff', 'explain'] as const).filter((m) => v[m] !== undefined);
  if (modes.length > 1) throw new UsageError(`choose one of --${modes.join(', --')}, not several`);
  const mode = modes[0];
  if (mode === 'explain') {
    if (positionals.length !== 2) {
      throw new UsageError('--explain takes three arguments: <cluster> <component> <dotted.path>');
    }
    return {
      ...base,
      mode: 'explain',
      explain: { cluster: v.explain as string, component: positionals[0]!, path: positionals[1]! },
    };
  }
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}\n\n${HELP}`);
  if (base.rendered && mode !== 'diff') throw new UsageError('--rendered goes with --diff <dir>');
  if (base.noRender && mode === 'render')
    throw new UsageError('--render and --no-render contradict each other');
  if (mode && (typeof v.promote === 'string' || base.skipPromotion))
    throw new UsageError(
      `--${typeof v.promote === 'string' ? 'promote' : 'skip-promotion'} publishes; it does not go with --${mode}`,
    );
  if (mode) return { ...base, mode, dir: v[mode] as string };
  if (typeof v.promote === 'string') {
    if (base.skipPromotion) throw new UsageError('--promote and --skip-promotion contradict each other');
    if (base.environments.length > 0 || base.clusters.length > 0)
      throw new UsageError(
        "--promote moves a whole environment's tree; it does not go with --env or --cluster",
      );
    if (base.init)
      throw new UsageError('--promote needs an existing GitOps repository; it does not go with --init');
    return { ...base, mode: 'publish', promote: v.promote };
  }
  return { ...base, mode: 'publish' };
}
