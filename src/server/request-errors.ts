/**
 * Turns errors into JSON answers: bad input → 400 naming the field and the value (STYLE.md §10),
 * too large → 413, unknown → 404; anything else 500 without a stack trace.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { InputError } from '../core/index.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** Headers the answer carries (e.g. Retry-After with a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | InputError | HttpError, request, reply) => {
    if (error instanceof InputError)
      return reply.code(400).send({
        error: error.message,
        ...(error.where !== undefined && { field: error.where }),
        ...(error.value !== undefined && { value: error.value }),
      });
    if (error instanceof HttpError)
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.message });
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no such resource: ${request.method} ${request.url.split('?')[0]}` }),
  );
}
