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
function focusableScrollers(root) {
  root.querySelectorAll('.table-scroll, .graph-scroll, main table, pre').forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute('tabindex')) {
      box.tabIndex = 0;
    }
  });
}

formatTimes(document);
focusableScrollers(document);
document.addEventListener('htmx:afterSettle', (event) => {
  formatTimes(event.detail.elt);
  focusableScrollers(event.detail.elt);
});
