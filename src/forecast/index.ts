/** Gas reserves: inventory model, Monte Carlo forecast, what-ifs, and repair verification. */
export { bestSplit } from './change-point.js';
export {
  crewAt,
  gasBudgetOf,
  type InventoryInputs,
  inventoryFromStation,
  massFractions,
  repressModule,
  repressN2Kg,
  storeContents,
} from './inventory.js';
export type { Manifest, ManifestFlight } from './manifest.js';
export type {
  CargoFlight,
  CrewPeriod,
  ForecastOptions,
  Gas,
  GeneratorModel,
  InventoryModel,
  Normal,
  StoreContent,
} from './model.js';
export { GASES } from './model.js';
export { type ForecastResult, type GasForecast, runForecast, type TimeQuantiles } from './monte-carlo.js';
export { quantilesOf } from './quantiles.js';
export {
  fieller,
  type RepairOptions,
  type RepairVerdict,
  type RepairVerification,
  type SideRate,
  slopeSe,
  verifyRepair,
} from './repair-verification.js';
export { applyWhatIf, cutOffModules, describeWhatIf, type WhatIf } from './what-ifs.js';
