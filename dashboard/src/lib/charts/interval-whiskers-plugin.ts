/**
 * Draws a 95% interval as a whisker over each bar (chart.js has no error bars). The intervals are passed
 * per dataset and bar index; a null interval (no trials) draws nothing.
 */
import type { Chart, Plugin } from 'chart.js';

export type Interval = readonly [low: number, high: number] | null;

export function intervalWhiskersPlugin(
  intervals: readonly (readonly Interval[])[],
  color: string,
): Plugin<'bar'> {
  return {
    id: 'intervalWhiskers',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const scale = chart.scales.y;
      if (!scale) return;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      intervals.forEach((cells, datasetIndex) => {
        if (!chart.isDatasetVisible(datasetIndex)) return;
        const bars = chart.getDatasetMeta(datasetIndex).data;
        cells.forEach((interval, index) => {
          const bar = bars[index];
          if (!interval || !bar) return;
          const top = scale.getPixelForValue(interval[1]);
          const bottom = scale.getPixelForValue(interval[0]);
          const cap = 4;
          ctx.beginPath();
          ctx.moveTo(bar.x, top);
          ctx.lineTo(bar.x, bottom);
          ctx.moveTo(bar.x - cap, top);
          ctx.lineTo(bar.x + cap, top);
          ctx.moveTo(bar.x - cap, bottom);
          ctx.lineTo(bar.x + cap, bottom);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };
}
