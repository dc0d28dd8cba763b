export { type FileSink, openFileSink } from './file-sink.js';
export {
  formatValue,
  openTelemetryWriter,
  type SampleBatch,
  TELEMETRY_FORMATS,
  type TelemetryFormat,
  type TelemetryWriter,
  telemetryFileNames,
} from './telemetry-writer.js';
export { writeJsonFile } from './truth-file.js';
