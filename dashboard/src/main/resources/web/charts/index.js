// Charts (only on the pages that have one): Chart.js bar charts drawn from a canvas's data-chart attribute,
// so no inline script is needed (CSP script-src 'self'). Only the parts used are registered, to keep it small.
import { Chart, BarController, BarElement, CategoryScale, Colors, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Colors, LinearScale, Legend, Tooltip);

function draw(canvas) {
  if (canvas.chart) {
    return;
  }
  canvas.chart = new Chart(canvas, {
    type: 'bar',
    data: JSON.parse(canvas.dataset.chart),
    options: {
      animation: false,
      aspectRatio: 3,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
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
