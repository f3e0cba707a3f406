/** Realistic, reproducible sample data for churnlens: see docs/sample-data.md for what it contains. */
export { DEFAULT_END_DATE, dataWindow, WINDOW_MONTHS } from './calendar.ts';
export {
  DEFAULT_SEED,
  type GenerateSampleDataOptions,
  type GenerateSampleDataResult,
  generateSampleData,
} from './generate-sample-data.ts';
export { SAMPLE_FILES, type SampleFile, type SampleFormat } from './record-format.ts';
export { EMERGING_THEME_PATTERN } from './verbatim-composer.ts';
