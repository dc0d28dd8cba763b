export { type BuiltinKind, builtinNames, packageRoot, resolveNamed } from './builtins.js';
export { parseDocumentText, readDocument, type SourceDocument } from './document.js';
export { crackCoefficient, orificeDiameter, scenarioFromDocument } from './scenario-file.js';
export { loadScenario } from './scenario-loader.js';
export { DEFAULT_VENTILATION_M3_S, stationFromDocument } from './station-file.js';
export { loadStation } from './station-loader.js';
