/** Adds the logarithmic axis, for charts whose values span orders of magnitude (wait times). */
import { Chart, LogarithmicScale } from 'chart.js';

Chart.register(LogarithmicScale);
