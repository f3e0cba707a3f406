import { describe, expect, it } from 'vitest';
import { buildKpiTiles } from './build-kpi-tiles.ts';
import type { SummaryResponse } from './overview-data.ts';

const metrics = {
  cancelRequests: 2000,
  cancelled: 1200,
  retained: 600,
  saved: 400,
  paused: 100,
  downgraded: 100,
  abandoned: 200,
  saveRate: 0.3,
  mrrLost: 12000,
  mrrRetained: 4000,
};

// 2,000 requests against 2,500 (z = −7.5) and a save rate of 30 % (600/2,000) against 25 % (625/2,500,
// z = 3.7): both significant. MRR lost unchanged, MRR retained down by a fifth.
const summary: SummaryResponse = {
  ...metrics,
  currency: 'USD',
  period: { from: '2025-03-01', to: '2025-03-30' },
  previous: {
    ...metrics,
    period: { from: '2025-01-30', to: '2025-02-28' },
    cancelRequests: 2500,
    retained: 625,
    saveRate: 0.25,
    mrrLost: 12000,
    mrrRetained: 5000,
  },
  delta: { ...metrics, cancelRequests: -500, retained: -25, saveRate: 0.05, mrrLost: 0, mrrRetained: -1000 },
  notCompared: null,
};

describe('buildKpiTiles', () => {
  const tiles = buildKpiTiles(summary);

  it('shows cancel requests, save rate, MRR lost and MRR retained in that order', () => {
    expect(tiles.map((tile) => [tile.label, tile.value])).toEqual([
      ['Cancel requests', '2,000'],
      ['Save rate', '30.0%'],
      ['MRR lost', '$12,000'],
      ['MRR retained', '$4,000'],
    ]);
  });

  it('counts significantly fewer cancel requests as good news', () => {
    expect(tiles[0]).toMatchObject({
      tone: 'good',
      previous: '2,500',
      change: { text: '−20.0% vs previous period' },
    });
  });

  it('compares save rates in points and counts a significant rise as good', () => {
    expect(tiles[1]).toMatchObject({ tone: 'good', change: { text: '+5.0 pts vs previous period' } });
  });

  it('leaves money uncoloured, since no simple test judges a sum of money', () => {
    expect(tiles[2]?.tone).toBe('neutral');
    expect(tiles[3]).toMatchObject({
      tone: 'neutral',
      change: { direction: 'down', text: '−20.0% vs previous period' },
    });
  });

  it('greys a change that could be noise and says so', () => {
    // 60/200 against 52/210 retained: +5.2 points, z = 1.19, p = 0.23; 200 against 210 requests, p = 0.62.
    const small = buildKpiTiles({
      ...summary,
      cancelRequests: 200,
      retained: 60,
      saveRate: 0.3,
      previous: { ...summary.previous, cancelRequests: 210, retained: 52, saveRate: 52 / 210 },
    });
    expect(small[0]).toMatchObject({
      tone: 'neutral',
      change: { direction: 'down', text: '−4.8% vs previous period, could be noise' },
    });
    expect(small[1]).toMatchObject({
      tone: 'neutral',
      change: { direction: 'up', text: '+5.2 pts vs previous period, could be noise' },
    });
  });

  it('compares nothing, in neutral tiles that say why, when the data does not cover the previous period', () => {
    const young = buildKpiTiles({ ...summary, notCompared: 'the data begins on 2025-02-20' });
    expect(young.map((tile) => [tile.change, tile.tone])).toEqual(
      Array(4).fill([{ direction: 'none', text: 'not compared: the data begins on 2025-02-20' }, 'neutral']),
    );
  });
});
