export { type FileSink, openFileSink } from './file-sink.js';
export {
  formatValue,
  openTelemetryWriter,
  type SampleBatch,
  TELEMETRY_FORMATS,
  type TelemetryFormat,
  type TelemetryWriter,
} from './telemetry-writer.js';
export { writeJsonFile } from './truth-file.js';
