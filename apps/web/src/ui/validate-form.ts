import { ApiError } from '@showfloor/client';
import { detailsFromZodIssues, summarizeDetails } from '@showfloor/contracts/errors';
import type { z } from 'zod';

/**
 * Checks a form's body with the contract's own schema before it is sent, and fails the same way
 * the API would (an ApiError naming each field), so one code path shows both kinds of refusal.
 */
export function validateForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = detailsFromZodIssues(parsed.error.issues);
  throw new ApiError('validation_failed', summarizeDetails(details), { status: 400, details });
}

/** A text input's value, or undefined when left empty (optional fields are then not sent). */
export function optionalText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A number input's value, or undefined when left empty. */
export function optionalNumber(form: FormData, name: string): number | undefined {
  const text = optionalText(form, name);
  return text === undefined ? undefined : Number(text);
}
