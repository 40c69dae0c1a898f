import { closestMatch } from '@platform/errors';

/** `; did you mean "x"?` or nothing (the suggestion rule of every message: @platform/errors). */
function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}

/**
 * `unknown field "replica"; did you mean "replicas"? ...`: the message for a field the schema
 * does not declare, listing the allowed fields when there are few enough to read.
 */
export function unknownFieldMessage(field: string, known: readonly string[]): string {
  const allowed = known.length > 0 && known.length <= 16 ? ` (allowed here: ${known.join(', ')})` : '';
  return (
    `unknown field "${field}"${didYouMean(field, known)}${allowed}; ` +
    'strict field validation (kubectl --validate=strict) rejects it: remove or rename it'
  );
}
