import { describe, expect, it } from 'vitest';
import { parseTokens, roleAllows } from './tokens.js';

describe('tokens', () => {
  it('reads token=role pairs', () => {
    const tokens = parseTokens('opsecret1=operator, feedsecret=ingest,boss-secret=admin');
    expect([...tokens]).toEqual([
      ['opsecret1', 'operator'],
      ['feedsecret', 'ingest'],
      ['boss-secret', 'admin'],
    ]);
  });

  it('names the entry and the value of a bad role or a short token', () => {
    expect(() => parseTokens('opsecret1=pilot')).toThrow(
      'AIRTIGHT_TOKENS: entry 1: role must be one of viewer, operator, ingest, admin (got "pilot")',
    );
    expect(() => parseTokens('opsecret1=operator,abc=admin')).toThrow(/entry 2: must be <token>=<role>/);
  });

  it('grants operators the console, ingest the feed, admins both and viewers nothing', () => {
    expect(roleAllows('operator', 'operate')).toBe(true);
    expect(roleAllows('operator', 'ingest')).toBe(false);
    expect(roleAllows('ingest', 'ingest')).toBe(true);
    expect(roleAllows('admin', 'ingest') && roleAllows('admin', 'operate')).toBe(true);
    expect(roleAllows('viewer', 'operate') || roleAllows('viewer', 'ingest')).toBe(false);
  });
});
