import { describe, expect, it } from 'vitest';
import { TEST_PALETTE } from '../../../testing/test-palette.ts';
import {
  buildAgentTable,
  buildSaveRateDataset,
  buildSaveRateTrend,
  buildWaitTimeDataset,
  waitTicks,
} from './build-channel-datasets.ts';
import type { ChannelsResponse } from './channels-data.ts';

const handling = {
  requests: 100,
  retained: 30,
  saveRate: 0.3,
  saveRateLow: 0.2189,
  saveRateHigh: 0.3958,
  medianWaitSeconds: 600,
  p90WaitSeconds: 5400,
  followUpResponseRate: 0.5,
  followUpAvgScore: 7.25,
};

const response: ChannelsResponse = {
  channels: [
    {
      channel: 'self_serve',
      ...handling,
      requests: 300,
      saveRate: 0.1,
      saveRateLow: 0.0715,
      saveRateHigh: 0.1381,
      medianWaitSeconds: null,
      p90WaitSeconds: null,
    },
    { channel: 'agent_chat', ...handling },
  ],
  agents: [
    {
      agentId: 'agent-7',
      ...handling,
      requests: 12,
      retained: 6,
      saveRate: 0.5,
      saveRateLow: 0.2538,
      saveRateHigh: 0.7462,
    },
  ],
};

describe('buildSaveRateDataset', () => {
  it('charts the save rate of every channel and tabulates how each was handled', () => {
    const { config, table } = buildSaveRateDataset(response, TEST_PALETTE);
    expect(config.data.labels).toEqual(['Self-serve', 'Agent (chat)']);
    expect(config.data.datasets[0]?.data).toEqual([0.1, 0.3]);
    expect(table.rows[0]).toMatchObject({
      name: 'Self-serve',
      requests: '300',
      saveRate: '10.0% (7.2%–13.8%)',
      median: '–',
    });
  });

  it("draws each save rate's 95% interval as a whisker and names it in the tooltip", () => {
    const { config } = buildSaveRateDataset(response, TEST_PALETTE);
    expect(config.plugins?.map((plugin) => plugin.id)).toEqual(['intervalWhiskers']);
    const label = config.options?.plugins?.tooltip?.callbacks?.label as (item: {
      dataIndex: number;
    }) => string;
    expect(label({ dataIndex: 1 })).toBe('Save rate: 30.0% (21.9%–39.6%), n=100');
  });

  it('ends the save-rate axis at the first 10% gridline above the highest whisker, not at 100%', () => {
    const { config } = buildSaveRateDataset(response, TEST_PALETTE);
    expect(config.options?.scales?.y?.max).toBe(0.4);
  });
});

describe('buildWaitTimeDataset', () => {
  it('shows median and 90th percentile waits in minutes for channels that record them', () => {
    const { config, table } = buildWaitTimeDataset(response, TEST_PALETTE);
    expect(config.data.labels).toEqual(['Agent (chat)']);
    expect(config.data.datasets.map((dataset) => dataset.data)).toEqual([[10], [90]]);
    expect(table.rows).toEqual([{ channel: 'Agent (chat)', median: '10 min', p90: '1.5 h' }]);
  });

  it('labels the logarithmic wait axis with round durations', () => {
    const { config } = buildWaitTimeDataset(response, TEST_PALETTE);
    const axis = config.options?.scales?.y as {
      type: string;
      ticks: { callback: (value: number) => string };
    };
    expect(axis.type).toBe('logarithmic');
    expect([5, 15, 60, 240].map((value) => axis.ticks.callback(value))).toEqual([
      '5 min',
      '15 min',
      '1 h',
      '4 h',
    ]);
  });
});

describe('waitTicks', () => {
  it('spans the waits with round durations, one step beyond each end', () => {
    expect(waitTicks([1.25, 3, 30, 1500])).toEqual([1, 5, 15, 60, 240, 1440, 4320]);
    expect(waitTicks([0.1, 2])).toEqual([0.25, 1, 5]);
  });

  it('falls back to the first minutes when no wait is recorded', () => {
    expect(waitTicks([0, 0])).toEqual([0.25, 1, 5]);
  });
});

describe('buildAgentTable', () => {
  // The interval's width is what tells a dozen requests' 50% from a thousand's.
  it('lists each agent with requests, save rate and its interval, waits and follow-up', () => {
    expect(buildAgentTable(response.agents).rows).toEqual([
      {
        name: 'agent-7',
        requests: '12',
        retained: '6',
        saveRate: '50.0% (25.4%–74.6%)',
        median: '10 min',
        p90: '1.5 h',
        followUp: '50.0%',
        score: '7.25',
      },
    ]);
  });
});

describe('buildSaveRateTrend', () => {
  const month = (
    channel: 'self_serve' | 'agent_chat',
    requests: number,
    retained: number,
    low: number,
    high: number,
  ) => ({
    channel,
    ...handling,
    requests,
    retained,
    saveRate: retained / requests,
    saveRateLow: low,
    saveRateHigh: high,
  });
  const monthly: ChannelsResponse = {
    ...response,
    breakdown: {
      by: 'month',
      groups: [
        { key: '2024-02', channels: [month('self_serve', 100, 12, 0.0699, 0.1978)] },
        {
          key: '2024-03',
          channels: [month('agent_chat', 20, 5, 0.1119, 0.4687), month('self_serve', 100, 8, 0.0411, 0.15)],
        },
      ],
    },
  };

  it("draws a line per channel across the months, in its bar's colour, with a gap where it had no request", () => {
    const { config } = buildSaveRateTrend(monthly, TEST_PALETTE);
    expect(config.type).toBe('line');
    expect(config.data.labels).toEqual(['Feb 2024', 'Mar 2024']);
    expect(config.data.datasets.map((dataset) => [dataset.label, dataset.data, dataset.borderColor])).toEqual(
      [
        ['Self-serve', [0.12, 0.08], TEST_PALETTE.series[0]],
        ['Agent (chat)', [null, 0.25], TEST_PALETTE.series[1]],
      ],
    );
    // The axis ends at the first 10 % gridline above the highest rate, as the bar chart's does.
    expect(config.options?.scales?.y?.max).toBe(0.3);
  });

  it("tabulates each month's rate with its interval and n, and a dash where the channel had no request", () => {
    const { table } = buildSaveRateTrend(monthly, TEST_PALETTE);
    expect(table.columns.map((column) => column.label)).toEqual(['Month', 'Self-serve', 'Agent (chat)']);
    expect(table.rows).toEqual([
      { month: 'Feb 2024', self_serve: '12.0% (7.0%–19.8%), n=100', agent_chat: '–' },
      { month: 'Mar 2024', self_serve: '8.0% (4.1%–15.0%), n=100', agent_chat: '25.0% (11.2%–46.9%), n=20' },
    ]);
  });

  it('has no month without the breakdown', () => {
    const { config, table } = buildSaveRateTrend(response, TEST_PALETTE);
    expect(config.data.labels).toEqual([]);
    expect(table.rows).toEqual([]);
  });
});
