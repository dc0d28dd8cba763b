/**
 * Access tokens and roles. `AIRTIGHT_TOKENS="<token>=<role>[,…]"` names them; with none, the
 * server makes one admin token (printed once at start). Reads are open; every write needs a token
 * whose role allows it.
 */
import { randomBytes } from 'node:crypto';
import { InputError } from '../core/index.js';

export const ROLES = ['viewer', 'operator', 'ingest', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a write needs: operators log events and handle alarms; ingest posts telemetry. */
export type Permission = 'operate' | 'ingest';

const GRANTS: Record<Role, readonly Permission[]> = {
  viewer: [],
  operator: ['operate'],
  ingest: ['ingest'],
  admin: ['operate', 'ingest'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function parseTokens(text: string): Map<string, Role> {
  const tokens = new Map<string, Role>();
  for (const [i, entry] of text.split(',').entries()) {
    if (entry.trim() === '') continue;
    const eq = entry.lastIndexOf('=');
    const token = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim();
    if (eq <= 0 || token.length < 8)
      throw new InputError({
        source: 'AIRTIGHT_TOKENS',
        where: `entry ${i + 1}`,
        problem: 'must be <token>=<role> with a token of at least 8 characters',
        value: entry.length > 3 ? `${entry.slice(0, 3)}…` : entry,
      });
    if (!(ROLES as readonly string[]).includes(role))
      throw new InputError({
        source: 'AIRTIGHT_TOKENS',
        where: `entry ${i + 1}`,
        problem: `role must be one of ${ROLES.join(', ')}`,
        value: role,
      });
    tokens.set(token, role as Role);
  }
  return tokens;
}

export function generateToken(): string {
  return randomBytes(18).toString('base64url');
}
