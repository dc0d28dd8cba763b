/**
 * Bearer-token checks for writes: no or unknown token → 401, a role without the permission → 403.
 * The author recorded with a write is the role and a short digest of the token, never the token.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './request-errors.js';
import { type Permission, type Role, roleAllows } from './tokens.js';

export interface Caller {
  role: Role;
  author: string;
}

export function authorize(
  tokens: ReadonlyMap<string, Role>,
  request: FastifyRequest,
  permission: Permission,
): Caller {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (match === null) throw new HttpError(401, 'this write needs a token: Authorization: Bearer <token>');
  const token = match[1] as string;
  const role = tokens.get(token);
  if (role === undefined) throw new HttpError(401, 'unknown token');
  if (!roleAllows(role, permission))
    throw new HttpError(
      403,
      `role '${role}' may not ${permission === 'ingest' ? 'post telemetry' : 'do this'}`,
    );
  return { role, author: `${role}-${createHash('sha256').update(token).digest('hex').slice(0, 6)}` };
}
