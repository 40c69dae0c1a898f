import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { SourceIssue } from '../util/yaml-document.ts';

/** The kinds of inventory file: `fleet.yaml`, `environments/*.yaml`, `clusters/*.yaml`. */
export type InventoryKind = 'fleet' | 'environment' | 'cluster';

/** One inventory file's text, named the way issues will show it. */
export interface InventoryFile {
  kind: InventoryKind;
  /** Display path, e.g. `gitops/clusters/agentic-prod-usw2.yaml`. */
  file: string;
  /** File name without extension: must equal the environment or cluster name. */
  stem: string;
  text: string;
}

/** Where to find the inventory and how to name its files in issues. */
export interface ReadInventoryOptions {
  /** Paths in issues are relative to this; default: the parent of `dir`, so files read `gitops/...`. */
  root?: string;
}

const YAML_EXT = new Set(['.yaml', '.yml']);

async function yamlFilesIn(dir: string): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && YAML_EXT.has(extname(e.name)))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Reads `fleet.yaml`, `environments/*.yaml` and `clusters/*.yaml` (`.yml` too) under `dir`, in
 * name order. A missing `fleet.yaml` or `environments/` folder is an issue, not an exception;
 * unreadable files (permissions, I/O) throw.
 */
export async function readInventoryFiles(
  dir: string,
  options: ReadInventoryOptions = {},
): Promise<{ dir: string; files: InventoryFile[]; issues: SourceIssue[] }> {
  const abs = resolve(dir);
  const root = resolve(options.root ?? dirname(abs));
  const display = (p: string) => relative(root, p).split(sep).join('/');
  const files: InventoryFile[] = [];
  const issues: SourceIssue[] = [];

  const fleetPath = join(abs, 'fleet.yaml');
  try {
    files.push({
      kind: 'fleet',
      file: display(fleetPath),
      stem: 'fleet',
      text: await readFile(fleetPath, 'utf8'),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    issues.push({
      code: 'missing-file',
      file: display(fleetPath),
      message: 'the fleet settings file is missing',
      expected: 'fleet.yaml with gitops and regions',
      found: 'no file',
    });
  }
  for (const [kind, folder] of [
    ['environment', 'environments'],
    ['cluster', 'clusters'],
  ] as const) {
    const names = await yamlFilesIn(join(abs, folder));
    if (names === undefined) {
      if (kind === 'environment') {
        issues.push({
          code: 'missing-file',
          file: display(join(abs, folder)),
          message: 'the environments folder is missing',
          expected: 'environments/development.yaml, staging.yaml and production.yaml',
          found: 'no folder',
        });
      }
      continue;
    }
    for (const name of names) {
      const path = join(abs, folder, name);
      files.push({
        kind,
        file: display(path),
        stem: basename(name, extname(name)),
        text: await readFile(path, 'utf8'),
      });
    }
  }
  return { dir: display(abs) || '.', files, issues };
}
