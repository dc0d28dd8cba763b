export { describeModules } from './alarm-words.js';
export {
  type Alarm,
  type AlarmKind,
  type AlarmReading,
  reserveHours,
  reserveTimeS,
  SEVERITIES,
  type Severity,
  severityRank,
} from './alarms.js';
export { historyNeededS } from './daily-cycle-watch.js';
export { firstDayWatch } from './first-day.js';
export { noiseFloorsFor } from './group-estimates.js';
export { describeGroup, type GroupModel } from './group-model.js';
export type { GroupSeries } from './group-series.js';
export { type LeakGroupChecks, leakGroups } from './leak-groups.js';
export { analysisSoFar, createMonitor, finishMonitor, monitorBatch } from './monitor.js';
export {
  crewAboard,
  defaultMonitorOptions,
  type GroupTrack,
  type MonitorOptions,
  type MonitorState,
  type PeriodOnset,
  type SampleBatch,
  type SegmentResult,
} from './monitor-state.js';
export {
  type AnalysisReport,
  buildReport,
  byConfiguration,
  GAINING_NOTE,
  locateLeak,
  type ReportOptions,
  readsAsGaining,
  storesLeak,
} from './report.js';
export { compensatedInventoryKg } from './timeline.js';
