import { parseDocument } from 'yaml';
import { isRecord } from './object-path.ts';
import type { RenderedObject } from './types.ts';

/** A document helm printed that is not a Kubernetes object. */
export interface ParseProblem {
  source: string;
  message: string;
}

const SEPARATOR = /^---[ \t]*(?:#.*)?$/m;
const SOURCE = /^# Source: (.+)$/m;

/**
 * Splits `helm template` output into objects, keeping each one's `# Source:` template.
 * Empty documents (templates that render nothing) are skipped. YAML 1.1 is used, as
 * Kubernetes' own decoder does, so an unquoted `yes` is a boolean here too; timestamps stay strings.
 */
export function parseManifests(text: string): { objects: RenderedObject[]; problems: ParseProblem[] } {
  const objects: RenderedObject[] = [];
  const problems: ParseProblem[] = [];
  for (const chunk of text.split(SEPARATOR)) {
    const source = SOURCE.exec(chunk)?.[1]?.trim() ?? '(unknown template)';
    const doc = parseDocument(chunk, {
      version: '1.1',
      customTags: (tags) =>
        tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
    });
    if (doc.errors.length > 0) {
      const errors = doc.errors.map((e) => firstLine(e.message)).join('; ');
      problems.push({ source, message: `does not parse as YAML: ${errors}; fix the template` });
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) {
      problems.push({
        source,
        message: `expected a Kubernetes object (a mapping), found ${describe(value)}`,
      });
    } else if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      problems.push({
        source,
        message: 'expected a Kubernetes object with string apiVersion and kind; add them to the template',
      });
    } else {
      objects.push({ source, manifest: value });
    }
  }
  return { objects, problems };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
