/** `airtight stations` and `airtight station show`: what the built-in and file stations hold. */
import { builtinNames, loadStation } from '../../config/index.js';
import {
  GAS_CONSTANT,
  kgPerSToKgPerDay,
  kToDegC,
  meanMolarMass,
  paToMmHg,
  type Station,
} from '../../core/index.js';
import type { Io } from '../io.js';
import { formatNumber, formatTable } from '../table.js';

export function listStations(io: Io, options: { json?: boolean }): void {
  const stations = builtinNames('station').map((name) => loadStation(name));
  if (options.json) {
    io.out(
      `${JSON.stringify(
        stations.map((s) => ({ name: s.id, title: s.name, ...totals(s) })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  io.out(
    `${formatTable(
      ['name', 'station', 'modules', 'volume m³', 'sensors'],
      stations.map((s) => [s.id, s.name, totals(s).presentModules, totals(s).volumeM3, s.sensors.length]),
    )}\n`,
  );
}

function totals(station: Station): { presentModules: number; volumeM3: number; airKg: number } {
  const present = station.modules.filter((m) => m.present);
  const molar = meanMolarMass(station.composition);
  const airKg = present.reduce(
    (sum, m) =>
      sum +
      ((m.initialPressurePa ?? station.nominalPressurePa) * m.volumeM3 * molar) /
        (GAS_CONSTANT * (m.airTemperatureK ?? station.airTemperatureK)),
    0,
  );
  return { presentModules: present.length, volumeM3: present.reduce((s, m) => s + m.volumeM3, 0), airKg };
}

export function showStation(io: Io, nameOrPath: string, options: { json?: boolean }): void {
  const s = loadStation(nameOrPath, io.cwd);
  if (options.json) {
    io.out(`${JSON.stringify(s, null, 2)}\n`);
    return;
  }
  const t = totals(s);
  const departed = s.modules.filter((m) => !m.present).map((m) => m.id);
  const closed = s.hatches.filter((h) => !h.initiallyOpen).map((h) => h.id);
  const returnVehicles = s.vehicles.filter((v) => v.crewSeats > 0);
  const publicSensors = s.sensors.filter((x) => !x.assumed).length;
  const lines = [
    `${s.name} (${s.id}) — ${s.source}`,
    ...(s.description !== undefined ? [s.description] : []),
    `Nominal pressure ${paToMmHg(s.nominalPressurePa).toFixed(1)} mmHg, air ${kToDegC(s.airTemperatureK).toFixed(1)} °C; ` +
      `evacuation limit ${paToMmHg(s.limits.evacuationPa).toFixed(0)} mmHg`,
    `Pressurized volume ${formatNumber(t.volumeM3)} m³ in ${t.presentModules} module${t.presentModules === 1 ? '' : 's'}` +
      `${departed.length > 0 ? ` (not attached: ${departed.join(', ')})` : ''}; ${formatNumber(t.airKg)} kg of air`,
    `Crew ${s.crew.nominal} nominal; return vehicles: ${returnVehicles.map((v) => `${v.name} (${v.crewSeats} seats)`).join(', ') || 'none'}`,
    '',
    'Modules',
    formatTable(
      ['id', 'name', 'segment', 'volume m³', 'habitable', 'vehicle', 'state'],
      s.modules.map((m) => [
        m.id,
        m.name,
        m.segment ?? '',
        m.volumeM3,
        m.habitable ? 'yes' : 'no',
        m.vehicle ?? '',
        !m.present
          ? 'not attached'
          : m.initialPressurePa !== undefined
            ? `at ${paToMmHg(m.initialPressurePa).toFixed(0)} mmHg`
            : '',
      ]),
    ),
    '',
    `Hatches: ${s.hatches.length}${closed.length > 0 ? `; closed: ${closed.join(', ')}` : ', all open'}`,
    formatTable(
      ['id', 'between', 'closable', 'state'],
      s.hatches.map((h) => [
        h.id,
        h.between.join(' – '),
        h.closable ? 'yes' : 'no',
        h.initiallyOpen ? 'open' : 'closed',
      ]),
    ),
    '',
    `Sensors: ${s.sensors.length} (${publicSensors} documented, ${s.sensors.length - publicSensors} assumed)`,
    formatTable(
      ['channel', 'quantity', 'where', 'unit', 'noise sd', 'resolution', 'period s', 'on change', 'assumed'],
      s.sensors.map((x) => [
        x.id,
        x.quantity,
        x.module ?? x.hatch ?? x.store ?? x.generator ?? 'station',
        x.unit,
        x.noiseSd,
        x.resolution,
        x.periodS,
        x.reportOnChange ? 'yes' : '',
        x.assumed ? 'yes' : '',
      ]),
    ),
  ];
  if (s.gasStores.length + s.generators.length + s.scrubbers.length > 0) {
    lines.push(
      '',
      'Life support',
      formatTable(
        ['id', 'kind', 'module', 'amount'],
        [
          ...s.gasStores.map((g) => [g.id, `${g.gas} store`, g.module, `${formatNumber(g.massKg)} kg`]),
          ...s.generators.map((g) => [
            g.id,
            'O2 generator',
            g.module,
            `${formatNumber(kgPerSToKgPerDay(g.rateKgPerS))} kg/day${g.initiallyOn ? '' : ' (off)'}`,
          ]),
          ...s.scrubbers.map((x) => [
            x.id,
            `${x.gas.toUpperCase()} removal`,
            x.module,
            x.mode === 'proportional'
              ? `${formatNumber(kgPerSToKgPerDay(x.nominalKgPerS))} kg/day at ${formatNumber(paToMmHg(x.referencePa))} mmHg`
              : `up to ${formatNumber(kgPerSToKgPerDay(x.capacityKgPerS))} kg/day, holds ${formatNumber(paToMmHg(x.setpointPa))} mmHg`,
          ]),
        ],
      ),
    );
  }
  if (s.notes.length > 0) lines.push('', 'Notes', ...s.notes.map((n) => `- ${n}`));
  io.out(`${lines.join('\n')}\n`);
}
