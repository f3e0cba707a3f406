import { describe, expect, it } from 'vitest';
import { dataWindow } from './calendar.ts';
import { type CustomerHistory, CustomerHistorySimulator } from './customer-histories.ts';
import { SeededRandom } from './random.ts';

function simulate(count: number): { simulator: CustomerHistorySimulator; histories: CustomerHistory[] } {
  const simulator = new CustomerHistorySimulator(new SeededRandom(21), dataWindow('2026-10-31'));
  return { simulator, histories: Array.from({ length: count }, () => simulator.cancellingCustomer(6)) };
}

describe('CustomerHistorySimulator', () => {
  const { simulator, histories } = simulate(4_000);
  const cancellations = histories.flatMap((history) => history.cancellations);
  const truths = new Map(
    histories.flatMap((history) => history.truths).map((truth) => [truth.cancellationId, truth]),
  );

  it('has the picked reason code agree with the real reason about four times in five', () => {
    const picked = cancellations.filter((row) => row.reason_code !== null);
    const agreeing = picked.filter((row) => truths.get(row.id)?.reason === row.reason_code);
    expect(agreeing.length / picked.length).toBeGreaterThan(0.75);
    expect(agreeing.length / picked.length).toBeLessThan(0.85);
  });

  it('plants the emerging theme only in requests with a text inside its four-week window', () => {
    const themed = cancellations.filter((row) => truths.get(row.id)?.emergingTheme);
    expect(themed.length).toBeGreaterThan(0);
    for (const row of themed) {
      expect(Date.parse(row.requested_at)).toBeGreaterThanOrEqual(simulator.events.emergingThemeStartMs);
      expect(row.reason_text).not.toBeNull();
    }
  });

  it('lets some customers file more than one request, in time order and on the same customer', () => {
    const repeat = histories.filter((history) => history.cancellations.length > 1);
    expect(repeat.length).toBeGreaterThan(200);
    for (const history of repeat) {
      const times = history.cancellations.map((row) => Date.parse(row.requested_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  it('gives a loyal customer a sign-up and no cancellation', () => {
    const loyal = simulator.loyalCustomer();
    expect(loyal.cancellations).toEqual([]);
    expect(Date.parse(loyal.customer.signed_up_at)).toBeLessThan(Date.parse('2026-11-01T00:00:00Z'));
  });
});
