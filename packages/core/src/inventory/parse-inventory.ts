import { parseYamlDocument, type SourceIssue, type YamlDocument } from '../util/yaml-document.ts';
import { zodErrorToIssues } from '../util/zod-to-issues.ts';
import type { FleetDraft } from './fleet-draft.ts';
import type { InventoryFile } from './read-inventory.ts';
import {
  type Cluster,
  cluster,
  ENVIRONMENT_NAMES,
  type EnvironmentName,
  type EnvironmentProfile,
  environmentProfile,
  type FleetSettings,
  fleetSettings,
} from './schema.ts';

/** The result of parsing inventory files: what parsed, every problem, and each file's YAML. */
export interface ParsedInventory {
  draft: FleetDraft;
  issues: SourceIssue[];
  /** Parsed YAML by display path, to locate later issues (fleet rules) in their files. */
  documents: ReadonlyMap<string, Pick<YamlDocument, 'locate'>>;
}

const SCHEMAS = { fleet: fleetSettings, environment: environmentProfile, cluster } as const;

function rawName(data: unknown): unknown {
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>).name
    : undefined;
}

function position(doc: Pick<YamlDocument, 'locate'>, path: readonly PropertyKey[]) {
  const pos = doc.locate(path);
  return pos ? { line: pos.line, column: pos.column } : {};
}

/**
 * Parses inventory files into a fleet draft. Every file is parsed and checked against its
 * strict schema; a file with errors is left out of the draft and its issues are collected.
 * Also reports file names that differ from the object's name, duplicate environments and
 * missing environment profiles. `dir` is the display path of the inventory folder.
 */
export function parseInventory(files: readonly InventoryFile[], dir = 'gitops'): ParsedInventory {
  const issues: SourceIssue[] = [];
  const documents = new Map<string, Pick<YamlDocument, 'locate'>>();
  let settings: FleetSettings | undefined;
  const environments: Partial<Record<EnvironmentName, EnvironmentProfile>> = {};
  const clusters: Cluster[] = [];
  const clusterFiles: string[] = [];
  const fileKeys: Record<string, string> = {};
  let clustersIncomplete = false;

  for (const f of files) {
    const doc = parseYamlDocument(f.text, f.file);
    documents.set(f.file, doc);
    const name = f.kind === 'fleet' ? undefined : rawName(doc.data);
    const where = {
      file: f.file,
      ...(f.kind === 'cluster' ? { cluster: typeof name === 'string' ? name : f.stem } : {}),
    };
    if (doc.issues.length > 0) {
      issues.push(...doc.issues.map((i) => ({ ...i, ...where })));
      if (f.kind === 'cluster') clustersIncomplete = true;
      continue;
    }
    if (typeof name === 'string' && name !== f.stem) {
      issues.push({
        ...where,
        code: 'file-name-mismatch',
        path: 'name',
        message: `the ${f.kind} name must equal its file name`,
        expected: JSON.stringify(f.stem),
        found: JSON.stringify(name),
        hint: `Rename the file to ${name}.yaml or set name: ${f.stem}.`,
        ...position(doc, ['name']),
      });
    }
    const schema = SCHEMAS[f.kind];
    const parsed = schema.safeParse(doc.data ?? null, { reportInput: true });
    if (!parsed.success) {
      issues.push(...zodErrorToIssues(parsed.error, schema, where, doc));
      if (f.kind === 'cluster') clustersIncomplete = true;
      continue;
    }
    if (f.kind === 'fleet') {
      settings = parsed.data as FleetSettings;
      fileKeys.fleet = f.file;
    } else if (f.kind === 'environment') {
      const env = parsed.data as EnvironmentProfile;
      const key = `environment:${env.name}`;
      if (environments[env.name]) {
        issues.push({
          ...where,
          code: 'duplicate-environment',
          path: 'name',
          message: `environment ${env.name} is defined twice`,
          expected: 'one file per environment',
          found: `also in ${fileKeys[key]}`,
          ...position(doc, ['name']),
        });
        continue;
      }
      environments[env.name] = env;
      fileKeys[key] = f.file;
    } else {
      const c = parsed.data as Cluster;
      clusters.push(c);
      clusterFiles.push(f.file);
      fileKeys[`cluster:${c.name}`] ??= f.file;
    }
  }

  for (const env of ENVIRONMENT_NAMES) {
    const declared =
      environments[env] !== undefined || files.some((f) => f.kind === 'environment' && f.stem === env);
    if (!declared) {
      issues.push({
        code: 'missing-environment',
        file: `${dir}/environments/${env}.yaml`,
        message: `the ${env} environment profile is missing`,
        expected: `a file defining the ${env} profile`,
        found: 'no file',
      });
    }
  }

  return {
    draft: { settings, environments, clusters, files: fileKeys, clusterFiles, clustersIncomplete },
    issues,
    documents,
  };
}

/** Adds line and column to issues of files parsed earlier, from their dotted paths. */
export function locateIssues(
  issues: readonly SourceIssue[],
  documents: ReadonlyMap<string, Pick<YamlDocument, 'locate'>>,
  toPath: (dotted: string) => PropertyKey[],
): SourceIssue[] {
  return issues.map((i) => {
    if (i.line !== undefined || !i.file || i.path === undefined) return i;
    const doc = documents.get(i.file);
    return doc ? { ...i, ...position(doc, toPath(i.path)) } : i;
  });
}
