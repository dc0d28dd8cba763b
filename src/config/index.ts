export { type BuiltinKind, builtinNames, packageRoot, resolveNamed } from './builtins.js';
export { parseDocumentText, readDocument, type SourceDocument } from './document.js';
export { loadManifest, manifestFromDocument } from './manifest-file.js';
export { crackCoefficient, orificeDiameter, scenarioFromDocument } from './scenario-file.js';
export { loadScenario } from './scenario-loader.js';
export {
  loadAcousticMap,
  loadSearchState,
  parseSearchState,
  serializeSearchState,
  validateObservation,
  writeSearchState,
} from './search-file.js';
export { DEFAULT_VENTILATION_M3_S, stationFromDocument } from './station-file.js';
export { loadStation } from './station-loader.js';
