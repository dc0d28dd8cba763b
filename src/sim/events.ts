/**
 * Applying scenario events to the simulation state: hatches, leaks, crew, life support, gas
 * operations, vehicles, sensor faults and temperature changes.
 */
import { InputError, MOLAR_MASS_BY_INDEX, type ScenarioEvent, SPECIES_COUNT } from '../core/index.js';
import { moveAir } from './gas.js';
import { type ActiveLeak, createLeak, leakMassFlow } from './leaks.js';
import { createDepress } from './processes.js';
import { applySensorFault } from './sensors.js';
import { fillWithAir, type SimState } from './state.js';
import { scheduleTemperatureChange } from './thermal.js';
import { noteEvent, recordLeakRate, recordLeakStart, recordLeakStop } from './truth.js';

/** Applies every event due at or before run time `timeS`, in order. */
export function applyDueEvents(state: SimState, timeS: number): void {
  const events = state.scenario.events;
  while (state.nextEvent < events.length && (events[state.nextEvent] as ScenarioEvent).atS <= timeS + 1e-9) {
    applyEvent(state, events[state.nextEvent] as ScenarioEvent, timeS);
    state.nextEvent++;
  }
}

function module(state: SimState, id: string): number {
  return state.moduleIndex.get(id) as number;
}

function findLeak(state: SimState, id: string): ActiveLeak | undefined {
  return state.leaks.find((l) => l.id === id && l.purpose === 'leak');
}

export function applyEvent(state: SimState, event: ScenarioEvent, timeS: number): void {
  const { station, truth } = state;
  switch (event.kind) {
    case 'hatch': {
      const h = station.hatches.findIndex((x) => x.id === event.hatch);
      state.hatchOpen[h] = event.open ? 1 : 0;
      state.topologyChanged = true;
      noteEvent(truth, timeS, 'hatch', { hatch: event.hatch, state: event.open ? 'open' : 'closed' });
      return;
    }
    case 'leak-start': {
      const leak = createLeak(event.leak, module(state, event.leak.module), 'leak');
      state.leaks.push(leak);
      recordLeakStart(truth, leak, event.leak.module, timeS);
      recordLeakRate(truth, leak, timeS, leakMassFlow(leak, state.gas, state.present));
      noteEvent(truth, timeS, 'leak-start', { ...event.leak });
      return;
    }
    case 'leak-stop': {
      const leak = findLeak(state, event.id);
      if (leak === undefined) return;
      recordLeakStop(truth, leak, timeS, leakMassFlow(leak, state.gas, state.present));
      state.leaks = state.leaks.filter((l) => l !== leak);
      noteEvent(truth, timeS, 'leak-stop', { id: event.id });
      return;
    }
    case 'leak-change': {
      const leak = findLeak(state, event.id);
      if (leak === undefined) return;
      const to = {
        dischargeCoefficient: event.dischargeCoefficient ?? leak.dischargeCoefficient,
        diameterM: event.diameterM ?? leak.diameterM,
        cKgPerSPa2: event.cKgPerSPa2 ?? leak.cKgPerSPa2,
      };
      if (event.rampS > 0) {
        const from = {
          dischargeCoefficient: leak.dischargeCoefficient,
          diameterM: leak.diameterM,
          cKgPerSPa2: leak.cKgPerSPa2,
        };
        leak.ramp = { from, to, startS: timeS, endS: timeS + event.rampS };
      } else {
        recordLeakRate(truth, leak, timeS, leakMassFlow(leak, state.gas, state.present));
        Object.assign(leak, to);
        delete leak.ramp;
        recordLeakRate(truth, leak, timeS, leakMassFlow(leak, state.gas, state.present));
      }
      noteEvent(truth, timeS, 'leak-change', { id: event.id, ...to, rampS: event.rampS });
      return;
    }
    case 'crew': {
      if (event.count !== undefined) state.lifeSupport.crewCount = event.count;
      if (event.modules !== undefined)
        state.lifeSupport.crewModules = event.modules.map((id) => module(state, id));
      state.topologyChanged = true;
      noteEvent(truth, timeS, 'crew', {
        count: state.lifeSupport.crewCount,
        ...(event.modules && { modules: event.modules }),
      });
      return;
    }
    case 'generator': {
      const k = station.generators.findIndex((g) => g.id === event.id);
      if (event.on !== undefined) state.lifeSupport.generatorOn[k] = event.on ? 1 : 0;
      if (event.rateKgPerS !== undefined) state.lifeSupport.generatorRateKgPerS[k] = event.rateKgPerS;
      noteEvent(truth, timeS, 'generator', {
        id: event.id,
        on: state.lifeSupport.generatorOn[k] === 1,
        rateKgPerDay: (state.lifeSupport.generatorRateKgPerS[k] ?? 0) * 86400,
      });
      return;
    }
    case 'scrubber': {
      const k = station.scrubbers.findIndex((s) => s.id === event.id);
      state.lifeSupport.scrubberOn[k] = event.on ? 1 : 0;
      noteEvent(truth, timeS, 'scrubber', { id: event.id, on: event.on });
      return;
    }
    case 'repress': {
      endDepress(state, module(state, event.module));
      state.processes.push({
        kind: 'repress',
        store: station.gasStores.findIndex((s) => s.id === event.store),
        module: module(state, event.module),
        flowKgPerS: event.flowKgPerS,
        untilPa: event.untilPa ?? station.nominalPressurePa,
        remainingKg: event.massKg ?? Number.POSITIVE_INFINITY,
        controlled: false,
      });
      noteEvent(truth, timeS, 'repress', { store: event.store, module: event.module });
      return;
    }
    case 'depress': {
      const process = createDepress(
        state,
        {
          module: module(state, event.module),
          pumpInto: event.pumpInto === undefined ? -1 : module(state, event.pumpInto),
          pumpToPa: event.pumpToPa,
          pumpFlowKgPerS: event.pumpFlowKgPerS,
          ventToPa: event.ventToPa,
          ventDiameterM: event.ventDiameterM,
        },
        `depress:${event.module}@${timeS}`,
      );
      state.processes.push(process);
      noteEvent(truth, timeS, 'depress', {
        module: event.module,
        ...(event.pumpInto && { pumpInto: event.pumpInto }),
      });
      return;
    }
    case 'equalize': {
      endDepress(state, module(state, event.module));
      state.processes.push({
        kind: 'equalize',
        module: module(state, event.module),
        from: module(state, event.from),
        diameterM: event.diameterM,
      });
      noteEvent(truth, timeS, 'equalize', { module: event.module, from: event.from });
      return;
    }
    case 'dock': {
      const pressure = event.pressurePa ?? station.nominalPressurePa;
      station.modules.forEach((m, i) => {
        if (m.vehicle !== event.vehicle || state.present[i] === 1) return;
        state.present[i] = 1;
        fillWithAir(state.gas, i, pressure, station);
        for (let s = 0; s < SPECIES_COUNT; s++)
          state.ledger.added[s] =
            (state.ledger.added[s] as number) +
            (state.gas.moles[i * SPECIES_COUNT + s] as number) * (MOLAR_MASS_BY_INDEX[s] as number);
      });
      state.topologyChanged = true;
      noteEvent(truth, timeS, 'dock', { vehicle: event.vehicle });
      return;
    }
    case 'undock': {
      const leaving = new Set(station.modules.flatMap((m, i) => (m.vehicle === event.vehicle ? [i] : [])));
      station.hatches.forEach((h, k) => {
        const a = state.hatchEnds[2 * k] as number;
        const b = state.hatchEnds[2 * k + 1] as number;
        if (leaving.has(a) !== leaving.has(b) && state.hatchOpen[k] === 1) {
          state.hatchOpen[k] = 0;
          noteEvent(truth, timeS, 'hatch', {
            hatch: h.id,
            state: 'closed',
            reason: `undocking ${event.vehicle}`,
          });
        }
      });
      for (const i of leaving) {
        if (state.present[i] !== 1) continue;
        moveAir(state.gas, i, -1, Number.POSITIVE_INFINITY, state.ledger.departed);
        state.present[i] = 0;
      }
      state.topologyChanged = true;
      noteEvent(truth, timeS, 'undock', { vehicle: event.vehicle });
      return;
    }
    case 'sensor-fault': {
      const k = station.sensors.findIndex((s) => s.id === event.sensor);
      const sensor = station.sensors[k];
      if (sensor === undefined)
        throw new InputError({ problem: 'unknown sensor in a fault event', value: event.sensor });
      applySensorFault(state.sensors, k, event.fault, timeS, sensor);
      noteEvent(truth, timeS, 'sensor-fault', { sensor: event.sensor, ...event.fault });
      return;
    }
    case 'resupply': {
      const k = station.gasStores.findIndex((g) => g.id === event.store);
      state.storeMassKg[k] = (state.storeMassKg[k] as number) + event.massKg;
      noteEvent(truth, timeS, 'resupply', { store: event.store, massKg: event.massKg });
      return;
    }
    case 'step': {
      state.stepS = event.stepS;
      state.segmentStartS = timeS;
      state.segmentSteps = 0;
      noteEvent(truth, timeS, 'step', { stepS: event.stepS });
      return;
    }
    case 'temperature': {
      for (const id of event.modules)
        scheduleTemperatureChange(state.thermal, module(state, id), event.deltaK, timeS, event.rampS);
      noteEvent(truth, timeS, 'temperature', {
        modules: event.modules,
        deltaK: event.deltaK,
        rampS: event.rampS,
      });
      return;
    }
  }
}

/** Closes the vent valve of any depress of `moduleIndex` (opening a repress path implies it). */
function endDepress(state: SimState, moduleIndex: number): void {
  for (const p of state.processes) {
    if (p.kind === 'depress' && p.module === moduleIndex)
      state.leaks = state.leaks.filter((leak) => leak !== p.vent);
  }
  state.processes = state.processes.filter((p) => !(p.kind === 'depress' && p.module === moduleIndex));
}
