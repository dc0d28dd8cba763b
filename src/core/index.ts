export * from './errors.js';
export * from './gas.js';
export * from './rng.js';
export * from './scenario.js';
export * from './station.js';
export * from './time.js';
export * from './units.js';
