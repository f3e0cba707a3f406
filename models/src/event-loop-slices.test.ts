import { describe, expect, it } from 'vitest';
import { runInSlices, whileComputing } from './event-loop-slices.ts';

describe('runInSlices', () => {
  it('covers every index once, in slices of the given size with the remainder last', async () => {
    const slices: [number, number][] = [];
    await runInSlices(7, 3, (from, to) => slices.push([from, to]));
    expect(slices).toEqual([
      [0, 3],
      [3, 6],
      [6, 7],
    ]);
  });

  it('lets other callbacks run between two slices', async () => {
    const events: string[] = [];
    setImmediate(() => events.push('other'));
    await runInSlices(4, 2, (from) => events.push(`slice ${from}`));
    expect(events).toEqual(['slice 0', 'other', 'slice 2']);
  });

  it('stops before the next slice once cancelled', async () => {
    const slices: number[] = [];
    await runInSlices(
      10,
      2,
      (from) => slices.push(from),
      () => slices.length === 2,
    );
    expect(slices).toEqual([0, 2]);
  });
});

describe('whileComputing', () => {
  it("gives the work the background's result", async () => {
    const result = await whileComputing(
      async () => 'computed',
      async (computed) => `used ${await computed}`,
    );
    expect(result).toBe('used computed');
  });

  it('stops the background and waits for it before passing on the failure of the work', async () => {
    const slices: number[] = [];
    let backgroundDone = false;
    const background = async (cancelled: () => boolean) => {
      await runInSlices(1000, 1, (from) => slices.push(from), cancelled);
      backgroundDone = true;
    };
    await expect(
      whileComputing(background, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(backgroundDone).toBe(true);
    expect(slices.length).toBeLessThan(1000);
  });
});
