/** The Airtight server (HTTP API, live WebSocket, dashboard files) and its token roles. */
export { type AirtightServer, buildServer, type ServerOptions } from './build-server.js';
export type { DemoOptions, DemoStatus } from './demo-feed.js';
export type { LeakState } from './leak-state.js';
export { Pipeline, type ResumeStatus, resumeSpanS } from './pipeline.js';
export { generateToken, parseTokens, ROLES, type Role } from './tokens.js';
