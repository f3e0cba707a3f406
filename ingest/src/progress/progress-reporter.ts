/**
 * Turns ingest progress events into what a person watching sees: on a terminal, one bar redrawn in place
 * (file, phase, percent, MB/s, ETA); elsewhere (CI logs, pipes), one plain line per file and phase.
 * Formatting is pure; the reporter only decides when to write.
 */
import type { FileReport, IngestPhase, IngestProgressEvent } from '../ingest-report.ts';

const BAR_WIDTH = 24;

export function formatBar(fraction: number, width = BAR_WIDTH): string {
  const clamped = Math.min(Math.max(fraction, 0), 1);
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
}

/** Fraction of the whole file done, given the phase and progress within it: reading dominates the time. */
const PHASE_SPAN: Record<IngestPhase, [number, number]> = {
  reading: [0, 0.3],
  validating: [0.3, 0.4],
  loading: [0.4, 0.6],
  classifying: [0.6, 0.9],
  committing: [0.9, 1],
};

export function overallFraction(phase: IngestPhase, fraction = 0): number {
  const [start, end] = PHASE_SPAN[phase];
  return start + (end - start) * Math.min(Math.max(fraction, 0), 1);
}

export interface BarState {
  file: string;
  phase: IngestPhase;
  fraction: number;
  bytes: number;
  rows?: number;
  elapsedSeconds: number;
}

export function formatProgressLine(state: BarState): string {
  const rate = state.elapsedSeconds > 0 ? (state.bytes * state.fraction) / state.elapsedSeconds : 0;
  // Too early to extrapolate below 1%: the estimate would swing wildly.
  const eta =
    state.fraction >= 0.01 ? state.elapsedSeconds * ((1 - state.fraction) / state.fraction) : Number.NaN;
  const percent = `${Math.floor(state.fraction * 100)}%`.padStart(4);
  const rows = state.rows === undefined ? '' : ` ${state.rows.toLocaleString('en-US')} rows`;
  return `${formatBar(state.fraction)} ${percent} ${state.file} ${state.phase}${rows} ${formatRate(rate)} ETA ${formatDuration(eta)}`;
}

export function formatFileSummary(report: FileReport): string {
  if (report.status === 'failed') return `✗ ${report.path}: ${report.error}`;
  return (
    `✓ ${report.path} (${report.kind}): read ${report.read}, loaded ${report.loaded}, updated ${report.updated}, ` +
    `unchanged ${report.unchanged}, rejected ${report.rejected} in ${report.seconds.toFixed(1)}s`
  );
}

interface Output {
  write(text: string): unknown;
}

/** Writes progress to a terminal (bar) or a log (lines); call `listener` with every event. */
export class ProgressReporter {
  private current?: { file: string; bytes: number; started: number; phase?: IngestPhase; lastDraw: number };
  private drawn = false;

  private readonly columns: number;

  /** `columns` is the terminal width; 0 or unknown (a pseudo-terminal without a size) means 100. */
  constructor(
    private readonly output: Output,
    private readonly interactive: boolean,
    columns?: number,
  ) {
    this.columns = columns && columns >= 40 ? columns : 100;
  }

  readonly listener = (event: IngestProgressEvent): void => {
    if (event.type === 'file-start') {
      this.current = { file: event.file, bytes: event.bytes, started: performance.now(), lastDraw: 0 };
      if (!this.interactive) this.output.write(`${event.file}: ${(event.bytes / 1_000_000).toFixed(1)} MB\n`);
      return;
    }
    if (event.type === 'kind') {
      this.clear();
      this.output.write(`${event.file}: kind ${event.kind} (${event.reason})\n`);
      return;
    }
    if (event.type === 'note') {
      this.clear();
      this.output.write(`${event.file}: ${event.note}\n`);
      return;
    }
    if (event.type === 'progress') {
      this.onProgress(event.phase, event.fraction, event.rows);
      return;
    }
    this.clear();
    this.current = undefined;
  };

  private onProgress(phase: IngestPhase, fraction?: number, rows?: number): void {
    const current = this.current;
    if (!current) return;
    if (!this.interactive) {
      if (current.phase !== phase) this.output.write(`${current.file}: ${phase}\n`);
      current.phase = phase;
      return;
    }
    current.phase = phase;
    const now = performance.now();
    if (now - current.lastDraw < 100) return;
    current.lastDraw = now;
    const line = formatProgressLine({
      file: current.file,
      phase,
      fraction: overallFraction(phase, fraction),
      bytes: current.bytes,
      rows,
      elapsedSeconds: (now - current.started) / 1000,
    });
    this.output.write(`\r${line.slice(0, this.columns - 1).padEnd(this.columns - 1)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.output.write(`\r${' '.repeat(this.columns - 1)}\r`);
    this.drawn = false;
  }
}
