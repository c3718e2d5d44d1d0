import { z } from 'zod';

/*
 * Numbers in query strings and path parameters arrive as text. `z.coerce.number()` hands that
 * text to `Number()`, which also reads `0x1F` (31), `1e2`, `+5`, ` 5`, `0b1` and '' (0), so a
 * client's typo became a different page instead of a 400. These accept plain decimal notation
 * only, then apply the usual numeric bounds, so every error still names the field.
 */

const decimalDigits = /^[0-9]{1,15}$/;
const decimalNumber = /^[0-9]{1,15}(\.[0-9]{1,15})?$/;

/** A whole number written in decimal digits (leading zeros allowed), between `min` and `max`. */
export function decimalIntegerQuery(bounds: { min: number; max: number }) {
  return z
    .string()
    .regex(decimalDigits, 'must be a whole number in decimal digits (0-9)')
    .transform(Number)
    .pipe(z.number().int().min(bounds.min).max(bounds.max));
}

/** A non-negative number in decimal notation (`12` or `12.5`), between `min` and `max`. */
export function decimalNumberQuery(bounds: { min: number; max: number }) {
  return z
    .string()
    .regex(decimalNumber, 'must be a number in decimal notation (digits, optionally one `.`)')
    .transform(Number)
    .pipe(z.number().min(bounds.min).max(bounds.max));
}
