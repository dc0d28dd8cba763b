import { describe, expect, it } from 'vitest';
import { fromSI, fromSIShown, toSI } from './units.js';

describe('fromSIShown', () => {
  it('drops the float noise of the round trip through SI, and nothing a reading holds', () => {
    expect(fromSI(toSI(21.73, 'degC'), 'degC')).not.toBe(21.73);
    expect(fromSIShown(toSI(21.73, 'degC'), 'degC')).toBe(21.73);
    // a mean of readings, as a history's rollup gives
    expect(fromSIShown(toSI((746.59 + 746.594) / 2, 'mmHg'), 'mmHg')).toBe(746.592);
    expect(fromSIShown(toSI(746.592, 'mmHg'), 'mmHg')).toBe(746.592);
    expect(fromSIShown(toSI(0.123456789, 'mmHg'), 'mmHg')).toBe(0.123456789);
  });
});
