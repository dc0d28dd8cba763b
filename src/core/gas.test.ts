// Gas throughput as leak testers quote it, against published figures: dry air at 0 °C and 1 atm
// weighs 1.2929 kg/m³ (CRC Handbook), so 1.2929 mg/s of it is one standard cm³/s to within air's
// departure from ideal gas (compressibility 0.9994 there); 1 mbar·L/s is 0.1 Pa·m³/s by definition.
import { describe, expect, it } from 'vitest';
import { pvThroughput, STANDARD_PRESSURE_PA } from './gas.js';

describe('pvThroughput', () => {
  // dry air's molar mass, 28.9647 g/mol (published; argon in it, which the cabin species lack)
  const air = 0.0289647;

  it('gives one standard cm³/s for 1.2929 mg/s of dry air, within the ideal-gas approximation', () => {
    const stdCm3PerS = (pvThroughput(1.2929e-6, air) / STANDARD_PRESSURE_PA) * 1e6;
    expect(Math.abs(stdCm3PerS - 1)).toBeLessThan(1.5e-3);
  });

  it('scales with the mass flow and inversely with the molar mass', () => {
    expect(pvThroughput(2e-6, air) / pvThroughput(1e-6, air)).toBeCloseTo(2, 12);
    // the same mass of helium is 7.23 times the throughput of air
    expect(pvThroughput(1e-6, 0.004002602) / pvThroughput(1e-6, air)).toBeCloseTo(air / 0.004002602, 12);
  });
});
