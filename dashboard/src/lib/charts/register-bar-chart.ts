/**
 * Registers only what bar charts need. chart.js's `auto` entry would pull every controller into each route
 * and blow the overview's JS budget; each feature imports the registrations for the charts it draws.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
