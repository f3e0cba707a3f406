import { describe, expect, it } from 'vitest';
import { whileComputing } from './while-computing.ts';

describe('whileComputing', () => {
  it("gives the work the background's result", async () => {
    const result = await whileComputing(
      async () => 'computed',
      async (computed) => `used ${await computed}`,
    );
    expect(result).toBe('used computed');
  });

  it('stops the background and waits for it before passing on the failure of the work', async () => {
    const steps: number[] = [];
    let backgroundDone = false;
    const background = async (cancelled: () => boolean) => {
      for (let step = 0; step < 1000 && !cancelled(); step++) {
        steps.push(step);
        await new Promise((resolve) => setImmediate(resolve));
      }
      backgroundDone = true;
    };
    await expect(
      whileComputing(background, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(backgroundDone).toBe(true);
    expect(steps.length).toBeLessThan(1000);
  });
});
