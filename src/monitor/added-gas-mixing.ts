/**
 * How far the gas let in from a store has spread through the station: what an analyser in each
 * module sees of it before the inter-module ventilation has mixed it in.
 *
 * ## Why
 * Gas let into one module raises the pressure of its whole open group at once: the hatches pass
 * pressure within seconds. Its composition travels with the fans, over hours. An analyser reads
 * the air of its own module: compressed cabin air (ppN2 up by x_N2·Δp) plus whatever share of the
 * added gas has reached it. Counting a top-up of nitrogen as mixed at once left the ISS's N2
 * inventory 32–42 Pa high for hours after 4 kg let in at Quest (its analysers in the Lab and Node 3
 * are one module away; Zvezda's is far), and at 5 kg/day, topped up about once a day, a trailing
 * day's rate followed the hour the top-up fell in it (−0.26 to −0.36 kg/day on days from 06:00,
 * +0.15 to +0.19 from 12:00).
 *
 * ## Method
 * Added gas of N2 share f, in a cabin of N2 share x, raises a well-mixed module's ppN2 by x·ΔP from
 * compression and by (f − x)·p·w from its own share w of the module's air. One field per module
 * carries that second part: c_k [Pa], the (f − x)-weighted partial pressure of the added gas. A
 * store's drop of n moles adds (f − x)·n·R·T/V_k to its module's c_k; each open hatch exchanges its
 * ventilation flow Q both ways, so the difference across it decays as exp(−Q·(1/V_a + 1/V_b)·t).
 * The hatches are taken one after the other in sub-steps short against the fastest module's
 * exchange time (operator splitting: each exchange exact, tracer conserved, stable at any flow).
 * A reading in module m of a group then lacks the group's volume-weighted mean of c less c_m
 * (`mixedLevelPa` less the module's field; negative near the store), which is added to it. Over
 * one history only the change of it matters, so gas let in before the monitor started, or before
 * a hatch closed, is also counted as it mixes. The flows are the station file's (`ventilation_m3_s`,
 * 0.065 m³/s by default). Those six days at 5 kg/day, whose errors were −0.36 to +0.19 kg/day,
 * read −0.11 to +0.05 with the mixing followed; with the simulation's fans at half the declared
 * flow, −0.28 to −0.02, and at twice it, −0.12 to +0.05.
 */
import { GAS_CONSTANT, type Station } from '../core/index.js';
import { measuredStore } from './group-model.js';
import { createStoreTrack, type StoreTrack, storeGiven } from './store-reading.js';

export interface AddedGasMixing {
  /** (f − x)-weighted partial pressure of added gas in each module [Pa]. */
  field: Float64Array;
  volumeM3: Float64Array;
  /** Ventilation of each hatch when open [m³/s]. */
  ventilation: Float64Array;
  stores: MixingStore[];
  /** R·T [J/mol] at the station's air temperature. */
  rt: number;
  /** The exchanges of the configuration it was last stepped in. */
  plan: MixingPlan;
}

/** The open hatches' exchanges for one configuration and bin length, worked out once. */
interface MixingPlan {
  /** Which hatches are open ('1') or not ('0'), and the bin length [s]. */
  key: string;
  substeps: number;
  /** Module indices of each exchanging pair, two per pair. */
  ends: Int32Array;
  /** Per pair: V_b/(V_a+V_b), V_a/(V_a+V_b), and what is left of the difference after a sub-step. */
  shareA: Float64Array;
  shareB: Float64Array;
  left: Float64Array;
}

interface MixingStore {
  channel: number;
  module: number;
  /** Moles of gas per SI unit of the channel. */
  molesPerUnit: number;
  /** N2 share of the stored gas less the cabin's. */
  excessN2: number;
  /** Its reading as it is tracked (smoothed, refills set apart). */
  track: StoreTrack;
}

/** A sub-step is at most this share of the fastest module's exchange time V / ΣQ. */
const SUBSTEP_SHARE = 0.2;
/** At most this many sub-steps per bin (a tiny vestibule with a large fan mixes within one anyway). */
const MAX_SUBSTEPS = 60;

/** The mixing model of a station, or null when nothing it tracks could need it (no measured store). */
export function createAddedGasMixing(station: Station): AddedGasMixing | null {
  const moduleIndex = new Map(station.modules.map((m, i) => [m.id, i]));
  const c = station.composition;
  const xN2 = c.n2 / (c.n2 + c.o2 + c.co2 + c.h2o);
  const stores: MixingStore[] = [];
  station.sensors.forEach((s, channel) => {
    const measured = measuredStore(station, s);
    const module = measured === undefined ? undefined : moduleIndex.get(measured.store.module);
    if (measured === undefined || module === undefined) return;
    stores.push({
      channel,
      module,
      molesPerUnit: measured.kgPerUnit / measured.molarMass,
      excessN2: measured.n2Share - xN2,
      track: createStoreTrack(measured.refillBand),
    });
  });
  if (stores.length === 0) return null;
  return {
    field: new Float64Array(station.modules.length),
    volumeM3: Float64Array.from(station.modules.map((m) => m.volumeM3)),
    ventilation: Float64Array.from(station.hatches.map((h) => h.ventilationM3PerS)),
    stores,
    rt: GAS_CONSTANT * station.airTemperatureK,
    plan: {
      key: '',
      substeps: 0,
      ends: new Int32Array(0),
      shareA: new Float64Array(0),
      shareB: new Float64Array(0),
      left: new Float64Array(0),
    },
  };
}

/**
 * Advances the model by one bin of `binS`: the gas each store gave since the last bin (its
 * smoothed reading's drop, store-reading.ts) is let into its module, then mixed through the open hatches. A store
 * whose reading is missing has given nothing more; its smoothed level holds.
 */
export function stepAddedGasMixing(
  mixing: AddedGasMixing,
  means: ArrayLike<number>,
  hatchOpen: ArrayLike<number>,
  present: ArrayLike<number>,
  hatchEnds: ArrayLike<number>,
  binS: number,
): void {
  const { field, volumeM3 } = mixing;
  for (const store of mixing.stores) {
    const given = storeGiven(store.track, means[store.channel] as number, binS);
    const volume = volumeM3[store.module] as number;
    if (given === 0 || !(volume > 0)) continue;
    const moles = given * store.molesPerUnit;
    field[store.module] = (field[store.module] as number) + (store.excessN2 * moles * mixing.rt) / volume;
  }
  const plan = planFor(mixing, hatchOpen, present, hatchEnds, binS);
  const { ends, shareA, shareB, left } = plan;
  for (let step = 0; step < plan.substeps; step++)
    for (let i = 0; i < left.length; i++) {
      // the pair's volume-weighted mean holds; its difference decays exactly over the sub-step
      const a = ends[2 * i] as number;
      const b = ends[2 * i + 1] as number;
      const ca = field[a] as number;
      const cb = field[b] as number;
      const d = (ca - cb) * (left[i] as number);
      const mean = ca * (shareB[i] as number) + cb * (shareA[i] as number);
      field[a] = mean + d * (shareA[i] as number);
      field[b] = mean - d * (shareB[i] as number);
    }
}

/**
 * The exchanges of the open hatches between present modules, in sub-steps short against the
 * fastest module's exchange time V / ΣQ: worked out when the configuration changes.
 */
function planFor(
  mixing: AddedGasMixing,
  hatchOpen: ArrayLike<number>,
  present: ArrayLike<number>,
  hatchEnds: ArrayLike<number>,
  binS: number,
): MixingPlan {
  let key = `${binS}:`;
  for (let h = 0; h < mixing.ventilation.length; h++) key += hatchOpen[h] === 1 ? '1' : '0';
  if (key === mixing.plan.key) return mixing.plan;
  const { volumeM3, ventilation } = mixing;
  const pairs: number[] = [];
  const outflow = new Float64Array(volumeM3.length);
  for (let h = 0; h < ventilation.length; h++) {
    const a = hatchEnds[2 * h] as number;
    const b = hatchEnds[2 * h + 1] as number;
    const q = ventilation[h] as number;
    if (hatchOpen[h] !== 1 || a < 0 || b < 0 || present[a] !== 1 || present[b] !== 1) continue;
    if (!(q > 0 && (volumeM3[a] as number) > 0 && (volumeM3[b] as number) > 0)) continue;
    pairs.push(h);
    outflow[a] = (outflow[a] as number) + q;
    outflow[b] = (outflow[b] as number) + q;
  }
  let fastest = 0;
  outflow.forEach((q, k) => {
    if (q > 0) fastest = Math.max(fastest, q / (volumeM3[k] as number));
  });
  const substeps = Math.min(MAX_SUBSTEPS, Math.max(1, Math.ceil((binS * fastest) / SUBSTEP_SHARE)));
  const dt = binS / substeps;
  const plan: MixingPlan = {
    key,
    substeps,
    ends: new Int32Array(2 * pairs.length),
    shareA: new Float64Array(pairs.length),
    shareB: new Float64Array(pairs.length),
    left: new Float64Array(pairs.length),
  };
  pairs.forEach((h, i) => {
    const a = hatchEnds[2 * h] as number;
    const b = hatchEnds[2 * h + 1] as number;
    const va = volumeM3[a] as number;
    const vb = volumeM3[b] as number;
    plan.ends[2 * i] = a;
    plan.ends[2 * i + 1] = b;
    plan.shareA[i] = vb / (va + vb);
    plan.shareB[i] = va / (va + vb);
    plan.left[i] = Math.exp(-(ventilation[h] as number) * (1 / va + 1 / vb) * dt);
  });
  mixing.plan = plan;
  return plan;
}

/**
 * The group's volume-weighted mean of the field [Pa]: a reading in module m of the group lacks
 * this less `field[m]` of the added gas the group holds (0 once mixed).
 */
export function mixedLevelPa(mixing: AddedGasMixing, modules: readonly number[]): number {
  let sum = 0;
  let volume = 0;
  for (const k of modules) {
    const v = mixing.volumeM3[k] as number;
    sum += v * (mixing.field[k] as number);
    volume += v;
  }
  return volume > 0 ? sum / volume : 0;
}
