// Every page: htmx, Pico CSS and the dashboard's own behaviour and styles.
import htmx from 'htmx.org';
import '@picocss/pico/css/pico.min.css';
import './app.css';
import { installBehaviours } from './behaviours.js';
import { formatTimes } from './time.js';
import { installClientVersions } from './client-versions.js';

window.htmx = htmx;
installBehaviours(document);
installClientVersions(document);
// A box that scrolls sideways (a wide table on a phone, a heat map) must be reachable by keyboard to scroll it.
// Every width is read before any tabindex is set: a read after a write lays the page out again, once per box.
// Boxes in a closed <details> are measured when it opens: reading one forces a layout of its hidden content on
// its own (the violations page has a <pre> of metaData in each of its 100 rows).
function focusableScrollers(root) {
  const boxes = Array.from(root.querySelectorAll('.table-scroll, .graph-scroll, main table, pre'))
    .filter((box) => !box.closest('details:not([open])'));
  const scrolling = boxes.filter((box) => box.scrollWidth > box.clientWidth && !box.hasAttribute('tabindex'));
  scrolling.forEach((box) => {
    box.tabIndex = 0;
  });
}

formatTimes(document);
focusableScrollers(document);
document.addEventListener('htmx:afterSettle', (event) => {
  formatTimes(event.detail.elt);
  focusableScrollers(event.detail.elt);
});
// toggle does not bubble: caught on its way down.
document.addEventListener('toggle', (event) => {
  if (event.target instanceof HTMLDetailsElement && event.target.open) {
    focusableScrollers(event.target);
  }
}, true);
