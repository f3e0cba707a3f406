import { describe, expect, it } from 'vitest';
import { buildKpiTiles } from './build-kpi-tiles.ts';
import type { SummaryResponse } from './overview-data.ts';

const metrics = {
  cancelRequests: 200,
  cancelled: 120,
  retained: 60,
  saved: 40,
  paused: 10,
  downgraded: 10,
  abandoned: 20,
  saveRate: 0.3,
  mrrLost: 12000,
  mrrRetained: 4000,
};

const summary: SummaryResponse = {
  ...metrics,
  currency: 'USD',
  period: { from: '2025-03-01', to: '2025-03-30' },
  previous: {
    ...metrics,
    period: { from: '2025-01-30', to: '2025-02-28' },
    cancelRequests: 250,
    saveRate: 0.25,
    mrrLost: 12000,
    mrrRetained: 5000,
  },
  delta: { ...metrics, cancelRequests: -50, saveRate: 0.05, mrrLost: 0, mrrRetained: -1000 },
};

describe('buildKpiTiles', () => {
  const tiles = buildKpiTiles(summary);

  it('shows cancel requests, save rate, MRR lost and MRR retained in that order', () => {
    expect(tiles.map((tile) => [tile.label, tile.value])).toEqual([
      ['Cancel requests', '200'],
      ['Save rate', '30%'],
      ['MRR lost', '$12,000'],
      ['MRR retained', '$4,000'],
    ]);
  });

  it('counts fewer cancel requests as good news', () => {
    expect(tiles[0]).toMatchObject({
      tone: 'good',
      previous: '250',
      change: { text: '−20% vs previous period' },
    });
  });

  it('compares save rates in points and counts a rise as good', () => {
    expect(tiles[1]).toMatchObject({ tone: 'good', change: { text: '+5 pts vs previous period' } });
  });

  it('marks an unchanged value as neutral and a drop in retained MRR as bad', () => {
    expect(tiles[2]?.tone).toBe('neutral');
    expect(tiles[3]).toMatchObject({ tone: 'bad', change: { direction: 'down' } });
  });
});
