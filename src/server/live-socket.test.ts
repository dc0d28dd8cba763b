// The live WebSocket on a loopback port: a client hears the values of each ingested batch in the
// channels' units, and the leak state when it connects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { stationFromYaml } from '../../test/scenario.js';
import { SqliteStore } from '../store/index.js';
import { type AirtightServer, buildServer } from './build-server.js';

const station = stationFromYaml(
  `
name: Socket station
pressure_mmHg: 750
modules:
  - { id: hab, name: Habitat, volume_m3: 80, habitable: true }
sensors:
  - { id: P_HAB, module: hab, quantity: pressure, unit: mmHg }
  - { id: T_HAB, module: hab, quantity: temperature, unit: degC }
`,
  'socket-station',
);
const dir = mkdtempSync(join(tmpdir(), 'airtight-ws-'));
let store: SqliteStore;
let server: AirtightServer;
let url: string;

beforeAll(async () => {
  store = new SqliteStore(join(dir, 'ws.db'));
  server = await buildServer({ station, store, tokens: new Map([['feed-token-1', 'ingest']]) });
  url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('http', 'ws');
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('live socket', () => {
  it('streams the latest value of each channel of a batch, in its unit', async () => {
    const socket = new WebSocket(`${url}/api/v1/live`);
    const messages: {
      type: string;
      channel?: string[];
      value?: number[];
      time?: number[];
      timeUtc?: string[];
    }[] = [];
    const got = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        messages.push(JSON.parse(String(data)));
        if (messages.some((m) => m.type === 'values')) resolve();
      });
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const answer = await server.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      headers: { authorization: 'Bearer feed-token-1' },
      payload: [
        { time: 1000, channel: 'P_HAB', value: 750 },
        { time: 1000, channel: 'T_HAB', value: 21.5 },
        { time: 1001, channel: 'P_HAB', value: 749.5 },
      ],
    });
    expect(answer.statusCode).toBe(200);
    await got;
    socket.close();
    const values = messages.find((m) => m.type === 'values');
    const byChannel = Object.fromEntries(
      (values?.channel ?? []).map((c, i) => [
        c,
        [values?.time?.[i], values?.value?.[i], values?.timeUtc?.[i]],
      ]),
    );
    expect(byChannel.P_HAB?.[0]).toBe(1001);
    expect(byChannel.P_HAB?.[2]).toBe('1970-01-01T00:16:41.000Z');
    expect(byChannel.P_HAB?.[1]).toBeCloseTo(749.5, 9);
    expect(byChannel.T_HAB?.[1]).toBeCloseTo(21.5, 9);
  });
});
