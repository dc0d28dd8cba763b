/**
 * Turns errors into JSON answers: bad input → 400 naming the field and the value (STYLE.md §10),
 * too large → 413 stating the limit, unknown → 404; anything else 500 without a stack trace.
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
    if (status === 413) return reply.code(413).send({ error: tooLarge(request.routeOptions.bodyLimit) });
    if ((error as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.code(415).send({
        error: `Content-Type ${request.headers['content-type'] ?? '(none)'} is not taken by ${request.method} ${request.url.split('?')[0]}`,
      });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no such resource: ${request.method} ${request.url.split('?')[0]}` }),
  );
}

/** A 413's message, with the limit the body went over (what it inflates to, when compressed). */
function tooLarge(limitBytes: number | undefined): string {
  if (limitBytes === undefined) return 'request body is too large';
  const mib = limitBytes / (1 << 20);
  const size = mib >= 1 ? `${mib} MiB` : `${limitBytes / 1024} KiB`;
  return `request body is too large: this route takes at most ${size} (${limitBytes} bytes), after any Content-Encoding is inflated`;
}
