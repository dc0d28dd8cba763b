import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';

describe('airtight serve', () => {
  it('exits 2 naming a bad option value, before opening anything', async () => {
    const port = await runCli(['serve', '--port', '99999']);
    expect(port.code).toBe(2);
    expect(port.err).toContain('--port must be a whole number from 0 to 65535 (got "99999")');
    const speed = await runCli(['serve', '--demo-speed', '0']);
    expect(speed.code).toBe(2);
    expect(speed.err).toContain('--demo-speed must be a number > 0 (got "0")');
  });

  it('exits 2 when the demo scenario is unknown or runs on another station', async () => {
    const unknown = await runCli(['serve', '--demo-scenario', 'apollo-13', '--port', '0']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('"apollo-13"');
    const other = await runCli(['serve', '--station', 'chamber', '--port', '0']);
    expect(other.code).toBe(2);
    expect(other.err).toContain("runs on station 'iss', not 'chamber' (use --no-demo)");
  });

  it('exits 2 when --demo-from falls outside the demo scenario', async () => {
    // quiet-day runs 2018-10-12 for 24 h; the default start (prk-2020's weekend) is not in it
    const late = await runCli([
      'serve',
      '--demo-scenario',
      'quiet-day',
      '--demo-from',
      '2020-08-20T12:00:00Z',
    ]);
    expect(late.code).toBe(2);
    expect(late.err).toContain(
      "--demo-from 2020-08-20T12:00:00.000Z is outside the demo scenario 'quiet-day', which runs from 2018-10-12T00:00:00.000Z to 2018-10-13T00:00:00.000Z",
    );
  });
});
