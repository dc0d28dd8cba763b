// Group-speed models of structure-borne waves in a wall panel: the wavenumber k(f) that the
// acoustic locator compensates for, and the sentence that states the model in every output.

/**
 * How the group speed of the wave that carries leak noise depends on frequency.
 * - `flexural`: the antisymmetric (A0, bending) Lamb mode of a thin plate, whose phase speed grows
 *   as √f, so the group speed is c_g(f) = c_g0·√(f/f0) (twice the phase speed). Out-of-plane
 *   sensors hear mostly this mode at 50–400 kHz.
 * - `nondispersive`: one speed at all frequencies (bulk waves, or a band narrow enough to ignore
 *   dispersion); c_g = c_p = c_g0.
 */
export type DispersionKind = 'flexural' | 'nondispersive';

export interface GroupSpeedModel {
  kind: DispersionKind;
  /** group speed c_g0 at the reference frequency, m/s */
  groupSpeedMPerS: number;
  /** reference frequency f0 of the stated group speed, Hz */
  referenceHz: number;
}

/**
 * Wavenumber k(f) in rad/m, the phase a wave gains per metre at frequency f (Hz).
 * ## Method
 * Flexural thin plate (Graff, Wave Motion in Elastic Solids, §4.2): k = (ω²ρh/D)^¼ ∝ √ω, so the
 * phase speed c_p = ω/k ∝ √f and the group speed dω/dk = 2c_p. Anchoring c_g(f0) = c_g0 gives
 * k(f) = (2·2πf0/c_g0)·√(f/f0). Non-dispersive: k = 2πf/c_g0.
 */
export function wavenumber(model: GroupSpeedModel, frequencyHz: number): number {
  if (model.kind === 'nondispersive') return (2 * Math.PI * frequencyHz) / model.groupSpeedMPerS;
  const k0 = (4 * Math.PI * model.referenceHz) / model.groupSpeedMPerS;
  return k0 * Math.sqrt(Math.max(0, frequencyHz) / model.referenceHz);
}

/** The frequency (Hz) whose wavenumber is `k` (rad/m): the inverse of `wavenumber`. */
export function frequencyOfWavenumber(model: GroupSpeedModel, k: number): number {
  if (model.kind === 'nondispersive') return (k * model.groupSpeedMPerS) / (2 * Math.PI);
  const k0 = (4 * Math.PI * model.referenceHz) / model.groupSpeedMPerS;
  return model.referenceHz * (k / k0) ** 2;
}

/** Group speed dω/dk at frequency f, m/s. */
export function groupSpeed(model: GroupSpeedModel, frequencyHz: number): number {
  if (model.kind === 'nondispersive') return model.groupSpeedMPerS;
  return model.groupSpeedMPerS * Math.sqrt(Math.max(0, frequencyHz) / model.referenceHz);
}

/** Phase speed ω/k at frequency f, m/s. */
export function phaseSpeed(model: GroupSpeedModel, frequencyHz: number): number {
  return (2 * Math.PI * frequencyHz) / wavenumber(model, frequencyHz);
}

/** One line stating the model and its numbers, for outputs and reports. */
export function describeGroupSpeed(model: GroupSpeedModel): string {
  const c = Math.round(model.groupSpeedMPerS);
  if (model.kind === 'nondispersive') return `non-dispersive: group speed = phase speed = ${c} m/s`;
  const f0 = model.referenceHz / 1000;
  return `flexural (A0) thin-plate dispersion: group speed c_g(f) = ${c} m/s × √(f / ${f0} kHz), phase speed c_g/2`;
}
