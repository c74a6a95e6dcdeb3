// Charts (only on the pages that have one): Chart.js drawn from a canvas's data-chart attribute, so no inline script
// is needed (CSP script-src 'self'). The attribute holds {type, stacked, data: {labels, datasets}} (or only the data,
// as the violations page writes it). Labels and tooltips are canvas text, never markup. Only the parts used are
// registered, to keep the bundle small.
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, Colors, LinearScale,
  Legend, Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, Colors,
  LinearScale, Legend, Tooltip);

function draw(canvas) {
  if (canvas.chart) {
    return;
  }
  const spec = JSON.parse(canvas.dataset.chart);
  const data = spec.data || spec;
  const stacked = spec.data ? Boolean(spec.stacked) : true;
  // In a box of fixed height (the analytics pages) the chart fills it; elsewhere it keeps a 3:1 shape.
  const boxed = canvas.parentElement && canvas.parentElement.classList.contains('chart-box');
  canvas.chart = new Chart(canvas, {
    type: spec.type || 'bar',
    data,
    options: {
      animation: false,
      maintainAspectRatio: !boxed,
      aspectRatio: 3,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function drawAll(root) {
  root.querySelectorAll('canvas[data-chart]').forEach(draw);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => drawAll(document));
} else {
  drawAll(document);
}
// Content swapped in by htmx (the analytics pickers) brings new canvases.
document.addEventListener('htmx:load', (event) => drawAll(event.detail.elt));
