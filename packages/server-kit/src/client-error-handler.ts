import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@showfloor/contracts';
import type { FastifyInstance } from 'fastify';

/*
 * Errors Node's HTTP parser raises before Fastify sees a request (a malformed request line or
 * header, headers too large, a request that did not arrive within requestTimeout). There is no
 * request or reply yet, only the socket, so the envelope is written as a raw HTTP response and the
 * connection is closed — Fastify's default answer here is its own `{ error, message, statusCode }`.
 */

interface ClientErrorAnswer {
  statusCode: number;
  body: ErrorBody;
}

function answerFor(code: string | undefined): ClientErrorAnswer {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        statusCode: 408,
        body: { code: 'validation_failed', message: 'The request did not arrive in time; send it again' },
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        statusCode: 431,
        body: { code: 'payload_too_large', message: 'The request headers (or the URL) are too large' },
      };
    default:
      return { statusCode: 400, body: { code: 'validation_failed', message: 'Malformed HTTP request' } };
  }
}

type InFlightResponse = { headersSent?: boolean } | null | undefined;

export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection is already gone: there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { statusCode, body } = answerFor(error.code);
  const level = statusCode === 408 ? 'info' : 'debug';
  this.log[level]({ code: error.code, statusCode }, `client error: ${body.message}`);
  // Node keeps the response in flight on the socket (private `_httpMessage`); once its headers are
  // out, writing another status line would corrupt what the client already received.
  const inFlight = (socket as Socket & { _httpMessage?: InFlightResponse })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const payload = JSON.stringify({ success: false, error: body });
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
        'Connection: close\r\n\r\n' +
        payload,
    );
  }
  socket.destroy(error);
}
