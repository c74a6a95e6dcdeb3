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

// A chart far below the fold (the anomalies page has one per flagged series) is drawn when it comes near the
// viewport, not before the page has loaded: Chart.js costs tens of milliseconds a chart on a slow machine. Those in
// view or near it are drawn at once, as before.
const NEAR_PX = 200;
const pending = new Set();
const nearing = 'IntersectionObserver' in window
  ? new IntersectionObserver((entries) => entries.forEach((entry) => {
    if (entry.isIntersecting) {
      nearing.unobserve(entry.target);
      pending.delete(entry.target);
      draw(entry.target);
    }
  }), { rootMargin: `${NEAR_PX}px 0px` })
  : null;

function nearView(canvas) {
  const box = canvas.getBoundingClientRect();
  return box.bottom >= -NEAR_PX && box.top <= window.innerHeight + NEAR_PX;
}

function drawAll(root) {
  const canvases = Array.from(root.querySelectorAll('canvas[data-chart]'));
  // Every position is read before any chart is drawn (drawing changes the layout; reading after it would lay the
  // page out again for each canvas).
  const near = canvases.map((canvas) => !nearing || nearView(canvas));
  canvases.forEach((canvas, i) => {
    if (near[i]) {
      draw(canvas);
    } else {
      pending.add(canvas);
      nearing.observe(canvas);
    }
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => drawAll(document));
} else {
  drawAll(document);
}
// Content swapped in by htmx (the analytics pickers) brings new canvases.
document.addEventListener('htmx:load', (event) => drawAll(event.detail.elt));
// A printed page (or a full-page screenshot) shows every chart, scrolled to or not.
window.addEventListener('beforeprint', () => {
  pending.forEach((canvas) => {
    nearing.unobserve(canvas);
    draw(canvas);
  });
  pending.clear();
});
