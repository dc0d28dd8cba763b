// A thermometer's declared gain uncertainty is the weight of the gas law against a fitted coupling:
// zero would be an exact gas law, which a weight of 1/0 cannot carry, so the file is refused.
import { describe, expect, it } from 'vitest';
import { stationFromYaml } from '../../test/scenario.js';

const station = (uncertainty: string) => `name: one cabin
pressure_mmHg: 760
modules: [{ id: cabin, volume_m3: 10 }]
sensors:
  - { id: P, module: cabin, quantity: pressure, unit: Pa }
  - { id: T, module: cabin, quantity: temperature, unit: K, thermal_gain_uncertainty: ${uncertainty} }
`;

describe('thermal_gain_uncertainty in a station file', () => {
  it('is read when positive', () => {
    expect(stationFromYaml(station('0.05')).sensors[1]?.thermalGainUncertainty).toBe(0.05);
  });

  it('is refused at zero, naming the field and the value', () => {
    expect(() => stationFromYaml(station('0'))).toThrow(
      /sensors\[1\]\.thermal_gain_uncertainty: .*\(got 0\)/,
    );
  });
});
