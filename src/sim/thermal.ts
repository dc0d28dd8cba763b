/**
 * Module air temperatures: a set point, orbital and daily cycles, a slow random drift, and
 * scheduled steps or ramps (a heater change, a crew opening a panel).
 *
 * ## Method
 * T_i(t) = T_set,i + Δ_i(t) + A_orb,i·sin(2π·t/P_orb + φ_i) + A_day,i·sin(2π·(t_utc − 9 h)/1 day + ψ_i) + x_i(t),
 * where Δ_i is the sum of scheduled changes and x_i an Ornstein–Uhlenbeck process with stationary
 * standard deviation σ and time scale τ, advanced exactly:
 * x ← x·e^(−dt/τ) + σ·sqrt(1 − e^(−2dt/τ))·N(0,1). The daily cycle peaks at 15:00 UTC.
 */
import { type Rng, rngFor, type Scenario } from '../core/index.js';

export interface ThermalState {
  setPointK: Float64Array;
  orbitalAmplitudeK: Float64Array;
  orbitalPhase: Float64Array;
  dailyAmplitudeK: Float64Array;
  dailyPhase: Float64Array;
  driftK: Float64Array;
  /** Sum of scheduled changes that have completed [K]. */
  offsetK: Float64Array;
  ramps: TemperatureRamp[];
  rng: Rng;
  driftSdK: number;
  driftTimescaleS: number;
  /** The step [s] the two factors below are for: e^(−dt/τ) and σ·sqrt(1 − e^(−2dt/τ)). */
  driftStepS: number;
  driftDecay: number;
  driftKick: number;
}

export interface TemperatureRamp {
  module: number;
  deltaK: number;
  startS: number;
  endS: number;
}

const DAY_S = 86400;

export function createThermalState(scenario: Scenario): ThermalState {
  const { station, thermal } = scenario;
  const n = station.modules.length;
  const rng = rngFor(scenario.seed, 'thermal');
  const state: ThermalState = {
    setPointK: Float64Array.from(station.modules.map((m) => m.airTemperatureK ?? station.airTemperatureK)),
    orbitalAmplitudeK: new Float64Array(n),
    orbitalPhase: new Float64Array(n),
    dailyAmplitudeK: new Float64Array(n),
    dailyPhase: new Float64Array(n),
    driftK: new Float64Array(n),
    offsetK: new Float64Array(n),
    ramps: [],
    rng,
    driftSdK: thermal.driftSdK,
    driftTimescaleS: thermal.driftTimescaleS,
    driftStepS: 0,
    driftDecay: 1,
    driftKick: 0,
  };
  const spread = thermal.moduleSpread;
  for (let i = 0; i < n; i++) {
    state.orbitalAmplitudeK[i] = thermal.orbitalAmplitudeK * (1 + spread * (2 * rng.uniform() - 1));
    state.orbitalPhase[i] = spread * Math.PI * (2 * rng.uniform() - 1);
    state.dailyAmplitudeK[i] = thermal.dailyAmplitudeK * (1 + spread * (2 * rng.uniform() - 1));
    state.dailyPhase[i] = spread * 0.5 * Math.PI * (2 * rng.uniform() - 1);
    state.driftK[i] = thermal.driftSdK * rng.normal();
  }
  return state;
}

/** Schedules a temperature change of `deltaK` over [startS, startS + rampS]. */
export function scheduleTemperatureChange(
  state: ThermalState,
  module: number,
  deltaK: number,
  startS: number,
  rampS: number,
): void {
  if (rampS <= 0) state.offsetK[module] = (state.offsetK[module] as number) + deltaK;
  else state.ramps.push({ module, deltaK, startS, endS: startS + rampS });
}

/**
 * Writes each module's air temperature at run time `timeS` into `out`, advancing the drift by
 * `dtS` (0 = no advance). `epochS` is the absolute time, for the daily cycle.
 */
export function updateTemperatures(
  state: ThermalState,
  scenario: Scenario,
  timeS: number,
  epochS: number,
  dtS: number,
  out: Float64Array,
): void {
  const orbitalArg = (2 * Math.PI * timeS) / scenario.thermal.orbitalPeriodS;
  const dailyArg = (2 * Math.PI * ((((epochS % DAY_S) + DAY_S) % DAY_S) - 9 * 3600)) / DAY_S;
  if (dtS !== state.driftStepS) {
    state.driftStepS = dtS;
    state.driftDecay = Math.exp(-dtS / state.driftTimescaleS);
    state.driftKick = state.driftSdK * Math.sqrt(-Math.expm1((-2 * dtS) / state.driftTimescaleS));
  }
  const hasDrift = state.driftKick > 0;
  for (let i = 0; i < out.length; i++) {
    if (hasDrift)
      state.driftK[i] = (state.driftK[i] as number) * state.driftDecay + state.driftKick * state.rng.normal();
    out[i] =
      (state.setPointK[i] as number) +
      (state.offsetK[i] as number) +
      (state.orbitalAmplitudeK[i] as number) * Math.sin(orbitalArg + (state.orbitalPhase[i] as number)) +
      (state.dailyAmplitudeK[i] as number) * Math.sin(dailyArg + (state.dailyPhase[i] as number)) +
      (state.driftK[i] as number);
  }
  if (state.ramps.length === 0) return;
  for (let r = state.ramps.length - 1; r >= 0; r--) {
    const ramp = state.ramps[r] as TemperatureRamp;
    if (timeS >= ramp.endS) {
      state.offsetK[ramp.module] = (state.offsetK[ramp.module] as number) + ramp.deltaK;
      out[ramp.module] = (out[ramp.module] as number) + ramp.deltaK;
      state.ramps.splice(r, 1);
    } else if (timeS > ramp.startS) {
      out[ramp.module] =
        (out[ramp.module] as number) + (ramp.deltaK * (timeS - ramp.startS)) / (ramp.endS - ramp.startS);
    }
  }
}
