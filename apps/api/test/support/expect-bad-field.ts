import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

type ErrorDetail = { field: string; message: string };

/** A 400 `validation_failed` whose message and details name `field`. */
export function expectBadField(response: LightMyRequestResponse, field: string): void {
  expect(response.statusCode, response.body).toBe(400);
  const { error } = response.json();
  expect(error.code).toBe('validation_failed');
  expect(error.message).toContain(field);
  expect(error.details.map((detail: ErrorDetail) => detail.field)).toContain(field);
}
