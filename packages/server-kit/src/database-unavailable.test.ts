import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.ts';

/** Error shapes as @prisma/adapter-pg 7 and pg 8 produced them while backends were terminated. */
function prismaKnown(code: string, cause: Record<string, unknown>) {
  return Object.assign(new Error('Invalid `prisma.$queryRaw()` invocation'), {
    name: 'PrismaClientKnownRequestError',
    code,
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
}

function driverAdapter(cause: Record<string, unknown>) {
  return Object.assign(new Error(String(cause.kind)), { name: 'DriverAdapterError', cause });
}

const terminated = { kind: 'postgres', code: '57P01', originalCode: '57P01', severity: 'FATAL' };

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a raw query on a terminated connection (P2010, 57P01)', prismaKnown('P2010', terminated)],
    ['a model query on a terminated connection (P2039, 57P01)', prismaKnown('P2039', terminated)],
    ['a closed connection (P1017)', prismaKnown('P1017', { kind: 'ConnectionClosed' })],
    ['an unreachable server', prismaKnown('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 1 })],
    ['a server starting up or shutting down (57P03)', prismaKnown('P2010', { ...terminated, code: '57P03' })],
    ['a connection exception (08006)', prismaKnown('P2010', { ...terminated, code: '08006' })],
    ['too many connections', prismaKnown('P2010', { kind: 'TooManyConnections', cause: 'sorry' })],
    ['a bare driver-adapter error inside a transaction', driverAdapter(terminated)],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg: a broken client', new Error('Client has encountered a connection error and is not queryable')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'a database taken offline',
      prismaKnown('P2010', {
        kind: 'postgres',
        code: '55000',
        message: 'database "x" is not currently accepting connections',
      }),
    ],
    [
      'Prisma failing to initialise',
      Object.assign(new Error('Can’t reach database'), { name: 'PrismaClientInitializationError' }),
    ],
    ['Prisma’s pool timeout (P2024)', Object.assign(new Error('Timed out fetching a connection'), { code: 'P2024' })],
  ])('%s → 503', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a NUL in text (22021)', prismaKnown('P2010', { kind: 'postgres', code: '22021' })],
    ['an integer out of range (22003)', prismaKnown('P2010', { kind: 'postgres', code: '22003' })],
    ['a unique violation (P2002)', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a deadlock', prismaKnown('P2034', { kind: 'TransactionWriteConflict' })],
    ['another 55000', prismaKnown('P2010', { kind: 'postgres', code: '55000', message: 'currval is not yet defined' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a Fastify error', Object.assign(new Error('Body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' })],
    ['not an error at all', 'Connection terminated'],
  ])('%s stays a 500', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
