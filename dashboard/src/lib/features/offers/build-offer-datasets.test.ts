import { describe, expect, it } from 'vitest';
import { TEST_PALETTE } from '../../../testing/test-palette.ts';
import { buildOfferHeatmap } from './build-offer-heatmap.ts';
import { buildOfferMrrDataset, buildOfferRatesDataset } from './build-offer-rates-dataset.ts';
import type { OfferRate, OfferStats, OffersResponse } from './offers-data.ts';

type OfferReasonRow = NonNullable<OffersResponse['reasons']>[number];

function rate(successes: number, n: number, low: number, high: number): OfferRate {
  return { successes, n, rate: n === 0 ? null : successes / n, low, high, smallSample: n < 30 };
}

function stats(
  offerType: OfferStats['offerType'],
  accepted: number,
  presented: number,
  mrr: number,
): OfferStats {
  const acceptance = rate(accepted, presented, 0.3, 0.5);
  return {
    offerType,
    presented,
    accepted,
    acceptanceRate: acceptance,
    savedAt30: rate(Math.floor(accepted / 2), accepted, 0.2, 0.6),
    savedAt60: rate(0, 0, 0, 0),
    savedAt90: rate(0, 0, 0, 0),
    keptAt30: rate(Math.floor(accepted / 2), presented, 0.1, 0.3),
    keptAt60: rate(0, 0, 0, 0),
    keptAt90: rate(0, 0, 0, 0),
    mrrRetained: mrr,
  };
}

const response: OffersResponse = {
  currency: 'USD',
  dataEndDate: '2025-06-30',
  smallSampleThreshold: 30,
  offers: [stats('discount', 40, 100, 5000), stats('pause', 5, 20, 9000)],
  rankBy: 'acceptance',
  reasons: [
    {
      reason: 'too_expensive',
      offers: [stats('discount', 30, 60, 1000), stats('pause', 2, 10, 100)],
      best: { offerType: 'discount', rate: 0.5, n: 60, runnerUp: null, pValue: null },
    },
    {
      reason: 'unused',
      offers: [stats('pause', 20, 40, 100), stats('discount', 8, 40, 100)],
      best: {
        offerType: 'pause',
        rate: 0.5,
        n: 40,
        runnerUp: { offerType: 'discount', rate: 0.2, n: 40 },
        pValue: 0.0049,
      },
    },
  ],
};

describe('buildOfferRatesDataset', () => {
  const { config, table } = buildOfferRatesDataset(response, TEST_PALETTE);

  it('groups bars by offer type with one bar per measure', () => {
    expect(config.data.labels).toEqual(['Discount', 'Pause']);
    expect(config.data.datasets.map((dataset) => dataset.label)).toEqual([
      'Accepted',
      'Kept 30 days',
      'Kept 60 days',
      'Kept 90 days',
    ]);
    expect(config.data.datasets[0]?.data).toEqual([0.4, 0.25]);
  });

  it('ends the rate axis at the first 10% gridline above the highest whisker, not at 100%', () => {
    expect(config.options?.scales?.y?.max).toBe(0.6);
  });

  it('fades the bars of small samples', () => {
    expect(config.data.datasets[0]?.backgroundColor).toEqual(['#000002', '#00000259']);
  });

  it('lists each rate with its interval and sample size in the table', () => {
    expect(table.rows[0]).toMatchObject({
      offer: 'Discount',
      presented: '100',
      acceptance: '40.0% (30.0%–50.0%), n=100',
      keptAt30: '20.0% (10.0%–30.0%), n=100',
      keptAt60: 'no trials (n=0)',
      mrrRetained: '$5,000',
    });
    expect(table.rows[1]?.acceptance).toBe('25.0% (30.0%–50.0%), n=20, small sample');
  });
});

describe('buildOfferMrrDataset', () => {
  it('orders offers by MRR retained, largest first', () => {
    const { config, table } = buildOfferMrrDataset(response, TEST_PALETTE);
    expect(config.data.labels).toEqual(['Pause', 'Discount']);
    expect(table.rows.map((row) => row.mrr)).toEqual(['$9,000', '$5,000']);
  });
});

describe('buildOfferHeatmap', () => {
  const heatmap = buildOfferHeatmap(response, 'acceptance');

  it('has a column per offer type in taxonomy order and a row per reason', () => {
    expect(heatmap.offerTypes.map((offer) => offer.label)).toEqual(['Discount', 'Pause']);
    expect(heatmap.rows.map((row) => row.reasonLabel)).toEqual(['Too expensive', 'Unused']);
  });

  it('shows the rate in each cell, marking small samples and the best offer', () => {
    const [discount, pause] = heatmap.rows[0]?.cells ?? [];
    expect(discount).toMatchObject({ text: '50.0%', smallSample: false, best: true });
    expect(pause).toMatchObject({ text: '20.0%', smallSample: true, best: false });
  });

  it('says whether the best offer is clearly ahead of the runner-up', () => {
    expect(heatmap.rows[0]?.verdict).toBe('Discount, 50.0% (only offer with n ≥ 30)');
    expect(heatmap.rows[1]?.verdict).toBe('Pause, 50.0%, ahead of Discount 20.0% (p = 0.005)');
  });

  it('puts under each rate the number of offers it is out of, and says what those offers are', () => {
    expect(heatmap.rows[0]?.cells.map((cell) => [cell.text, cell.sampleSize])).toEqual([
      ['50.0%', 'n = 60'],
      ['20.0%', 'n = 10'],
    ]);
    expect(heatmap.outOf).toBe('Accepted is out of all offers presented; n under each rate.');
    const kept = buildOfferHeatmap(response, 'keptAt30');
    expect(kept.rows[0]?.cells.map((cell) => cell.sampleSize)).toEqual(['n = 60', 'n = 10']);
    expect(kept.outOf).toContain(
      'Kept 30 days is out of the offers made in months that ended at least 30 days before the newest request (2025-06-30), accepted or declined, less those accepted fewer than 30 days before it, n under each rate: fewer offers than were presented, so it can read above the acceptance.',
    );
  });

  it('says in words what kept at N days means: accepted, not churned N days later, the request not since cancelled', () => {
    expect(buildOfferHeatmap(response, 'keptAt60').outOf).toMatch(
      /^Kept 60 days: the customer accepted the offer and had not churned 60 days after accepting; a declined offer, or one accepted on a request since cancelled, kept no one\. Kept 60 days is out of /,
    );
  });

  it("lists in its data table each cell's rate with its interval and n, the best offer and its p-value", () => {
    expect(heatmap.table.columns.map((column) => column.label)).toEqual([
      'Reason',
      'Offer',
      'Accepted (95% interval), n',
      'Best offer',
    ]);
    expect(heatmap.table.rows).toEqual([
      {
        reason: 'Too expensive',
        offer: 'Discount',
        rate: '50.0% (30.0%–50.0%), n=60',
        mark: '★ best, only offer with n ≥ 30',
      },
      {
        reason: 'Too expensive',
        offer: 'Pause',
        rate: '20.0% (30.0%–50.0%), n=10, small sample',
        mark: '† not ranked',
      },
      { reason: 'Unused', offer: 'Discount', rate: '20.0% (30.0%–50.0%), n=40', mark: '' },
      {
        reason: 'Unused',
        offer: 'Pause',
        rate: '50.0% (30.0%–50.0%), n=40',
        mark: '★ best, ahead of Discount 20.0% (p = 0.005)',
      },
    ]);
  });

  it('prints a p-value near 0.05 so that it never reads 0.050 beside either verdict', () => {
    const verdict = (pValue: number) => {
      const unused = response.reasons?.[1] as OfferReasonRow;
      const best = { ...(unused.best as NonNullable<OfferReasonRow['best']>), pValue };
      return buildOfferHeatmap({ ...response, reasons: [{ ...unused, best }] }, 'acceptance').rows[0]
        ?.verdict;
    };
    expect(verdict(0.0496)).toBe('Pause, 50.0%, ahead of Discount 20.0% (p = 0.0496)');
    expect(verdict(0.0504)).toBe('Pause, 50.0%, not clearly ahead of Discount 20.0% (p = 0.0504)');
  });

  it('colours cells by the chosen measure', () => {
    const kept = buildOfferHeatmap(response, 'keptAt30');
    expect(kept.measureLabel).toBe('Kept 30 days');
    expect(kept.rows[0]?.cells[0]?.text).toBe('25.0%');
  });
});
