// The one way instants are shown (the {#time} tag): the viewer's local date and time with how long ago, and the
// exact instant (local, with seconds and zone, and UTC) on hover. Runs on every page and after each htmx swap.

const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600],
  ['minute', 60], ['second', 1]];

export function ago(date, now = Date.now()) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s);
  return relative.format(Math.round(seconds / size), unit);
}

export function formatTimes(root) {
  root.querySelectorAll('time[data-time]').forEach((element) => {
    const date = new Date(element.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) {
      return;
    }
    element.textContent = `${local.format(date)} (${ago(date)})`;
    element.title = `${exact.format(date)} · ${date.toISOString()}`;
  });
}
