import type { ChannelRow } from '@churnlens/models/report/insight-report';
import { describe, expect, it } from 'vitest';
import { channelWaitChartConfig, waitAxisTicks } from './report-charts.ts';
import { SAMPLE_REPORT } from './testing/sample-report.ts';

/** The demo database's September 2026: self-serve and chatbot in minutes, e-mail in hours. */
const WAITS: Pick<ChannelRow, 'channel' | 'medianWaitMinutes' | 'p90WaitMinutes'>[] = [
  { channel: 'self_serve', medianWaitMinutes: 1.2, p90WaitMinutes: 3.4 },
  { channel: 'chatbot', medianWaitMinutes: 4, p90WaitMinutes: 7.6 },
  { channel: 'agent_chat', medianWaitMinutes: 13.8, p90WaitMinutes: 27.2 },
  { channel: 'email', medianWaitMinutes: 536.67, p90WaitMinutes: 1575 },
  { channel: 'agent_phone', medianWaitMinutes: 17.9, p90WaitMinutes: 36.3 },
];

describe('the wait chart', () => {
  const report = {
    ...SAMPLE_REPORT,
    channels: WAITS.map((row) => ({ ...row, requests: 1000, retained: 200, saveRate: 0.2 })),
  };

  it('says it shows the time to handling of every channel, on a log scale', () => {
    const config = channelWaitChartConfig(report);
    expect(config.options?.plugins?.title?.text).toBe('Time from request to handling (log scale)');
    expect(config.data.labels).toEqual(['Self-serve', 'Chatbot', 'Agent (chat)', 'Email', 'Agent (phone)']);
    expect(config.options?.scales?.y).toMatchObject({ type: 'logarithmic', min: 1, max: 4 * 24 * 60 });
  });

  it('labels the log axis in minutes, hours and days from the shortest wait to past the longest', () => {
    const waits = WAITS.flatMap((row) => [row.medianWaitMinutes ?? 0, row.p90WaitMinutes ?? 0]);
    expect(waitAxisTicks(waits).map((tick) => tick.label)).toEqual([
      '1 min',
      '5 min',
      '15 min',
      '1 h',
      '4 h',
      '1 day',
      '4 days',
    ]);
  });

  it('reaches down to seconds when a median is under a minute', () => {
    expect(waitAxisTicks([0.5, 12]).map((tick) => tick.label)).toEqual(['10 s', '1 min', '5 min', '15 min']);
  });
});
