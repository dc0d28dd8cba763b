// A one-module station whose telemetry reads the crew aboard (a crew_count channel), and six hours
// of it saying 3 where the station's nominal crew is 2: what `forecast` and `plan` take the crew
// from when they are given telemetry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CREW_STATION_YAML = `name: Tank
pressure_mmHg: 760
air_temperature_degC: 22
composition: { N2: 0.78, O2: 0.22 }
crew: { nominal: 2 }
modules:
  - { id: hab, volume_m3: 10 }
sensors:
  - { id: P_HAB, module: hab, quantity: pressure, unit: mmHg, resolution: 0.001 }
  - { id: T_HAB, module: hab, quantity: temperature, unit: degC }
  - { id: CREW, quantity: crew_count, report_on_change: true }
gas_stores:
  - { id: o2, gas: o2, mass_kg: 100, module: hab }
  - { id: n2, gas: n2, mass_kg: 80, module: hab }
o2_generators:
  - { id: gen, module: hab, rate_kg_day: 1.0 }
gas_budget: { o2_use_kg_person_day: 0.84, background_leak_kg_day: 0, reserve_o2_days: 10 }
`;

/** Writes the station (tank.yaml) and its telemetry (crew.csv: 6 h, crew 3) into `dir`. */
export function writeCrewTelemetry(dir: string): { station: string; telemetry: string } {
  const station = join(dir, 'tank.yaml');
  writeFileSync(station, CREW_STATION_YAML);
  const t0 = Date.parse('2027-03-01T00:00:00Z');
  const lines = ['time,channel,value', '2027-03-01T00:00:00.000Z,CREW,3'];
  for (let s = 0; s < 6 * 3600; s += 10) {
    const time = new Date(t0 + s * 1000).toISOString();
    // a slow fall with a little ripple, so the noise model has something to fit
    const p = 760 - (0.5 * s) / 86400 + 0.01 * Math.sin(s / 137) + 0.005 * Math.sin(s / 31);
    lines.push(
      `${time},P_HAB,${p.toFixed(4)}`,
      `${time},T_HAB,${(22 + 0.1 * Math.sin(s / 5000)).toFixed(4)}`,
    );
  }
  const telemetry = join(dir, 'crew.csv');
  writeFileSync(telemetry, `${lines.join('\n')}\n`);
  return { station, telemetry };
}
