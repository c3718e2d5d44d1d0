import type { z } from 'zod';
import type { ErrorDetail } from './envelope.ts';

/** Turns zod issues into details that name each offending field by its dotted path. */
export function detailsFromZodIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    const fieldOf = (...segments: string[]) => [prefix, ...path, ...segments].filter(Boolean).join('.');
    // An unknown key is the offending field itself, so name it rather than its parent object.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldOf(key), message: 'is not an accepted field' }));
    }
    return [{ field: fieldOf(), message: issue.message }];
  });
}

/** One readable sentence naming every offending field, for the error's message. */
export function summarizeDetails(details: readonly ErrorDetail[]): string {
  return details.map((detail) => (detail.field ? `${detail.field}: ${detail.message}` : detail.message)).join('; ');
}
