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
export { describeGroup, type GroupModel } from './group-model.js';
export type { GroupSeries } from './group-series.js';
export { type LeakGroupChecks, leakGroups } from './leak-groups.js';
export {
  analysisSoFar,
  compensatedInventoryKg,
  createMonitor,
  crewAboard,
  defaultMonitorOptions,
  describeModules,
  finishMonitor,
  firstDayWatch,
  type GroupTrack,
  historyNeededS,
  type MonitorOptions,
  type MonitorState,
  monitorBatch,
  noiseFloorsFor,
  type PeriodOnset,
  type SampleBatch,
  type SegmentResult,
} from './monitor.js';
export {
  type AnalysisReport,
  buildReport,
  byConfiguration,
  GAINING_NOTE,
  locateLeak,
  type ReportOptions,
  readsAsGaining,
} from './report.js';
