import type { z } from 'zod';
import type { ErrorDetail } from './envelope.ts';

/** Turns zod issues into details that name each offending field by its dotted path. */
export function detailsFromZodIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: [prefix, path].filter(Boolean).join('.'), message: issue.message };
  });
}

/** One readable sentence naming every offending field, for the error's message. */
export function summarizeDetails(details: readonly ErrorDetail[]): string {
  return details.map((detail) => (detail.field ? `${detail.field}: ${detail.message}` : detail.message)).join('; ');
}
