// Acoustic evidence for the in-module search: a likelihood map over the unrolled wall, produced by
// acoustic localization (src/acoustic) and fused into the search posterior.

/** A likelihood map from acoustic localization over a rectangular grid in a flat wall frame. */
export interface AcousticMap {
  /** grid origin and spacing in metres, in the wall's unrolled coordinates (u along the axis, v around the circumference: v = angle·radius), or panel coordinates for a flat panel */
  u0M: number;
  v0M: number;
  duM: number;
  dvM: number;
  nu: number;
  nv: number;
  /** log-likelihood per grid node, row-major (index = iv * nu + iu); only differences matter */
  logLikelihood: Float64Array;
}
