// The Client page: this browser remembers the event type versions of its last download (localStorage, per project
// and language) and lists what was added, removed or changed since. Without script the form still downloads.

const VERSIONS_HEADER = 'PAdic-Event-Type-Versions';

// "order.placed v3, user v1" (or "none yet") as name → version.
function parse(text) {
  const versions = new Map();
  if (text && text !== 'none yet') {
    text.split(', ').forEach((entry) => {
      const at = entry.lastIndexOf(' v');
      versions.set(entry.slice(0, at), Number(entry.slice(at + 2)));
    });
  }
  return versions;
}

function changesBetween(before, now) {
  const changes = [];
  now.forEach((version, name) => {
    if (!before.has(name)) {
      changes.push(`${name} added (version ${version})`);
    } else if (before.get(name) !== version) {
      changes.push(`${name} changed: version ${before.get(name)} → ${version}`);
    }
  });
  before.forEach((version, name) => {
    if (!now.has(name)) {
      changes.push(`${name} removed (was version ${version})`);
    }
  });
  return changes.sort();
}

function remembered(section) {
  try {
    return JSON.parse(localStorage.getItem(section.dataset.storageKey));
  } catch (unreadable) {
    return null;
  }
}

function show(section) {
  const last = remembered(section);
  const box = section.querySelector('#what-changed');
  if (!last || !box) {
    return;
  }
  const changes = changesBetween(parse(last.versions), parse(section.dataset.clientVersions));
  const when = new Date(last.at).toLocaleString();
  box.querySelector('#what-changed-summary').textContent = changes.length === 0
    ? `Nothing changed since your last download from this browser (${when}): that file is current.`
    : `Since your last download from this browser (${when}), download it again:`;
  const list = box.querySelector('#what-changed-list');
  list.replaceChildren(...changes.map((change) => {
    const item = document.createElement('li');
    item.textContent = change;
    return item;
  }));
  list.hidden = changes.length === 0;
  box.hidden = false;
}

// Fetches the file, saves it through a link, and remembers its versions; a refusal (a bad package) is left to the
// plain form, whose answer shows the message next to the field.
async function download(form, section) {
  const answer = await fetch(`${form.action}?${new URLSearchParams(new FormData(form))}`);
  const type = answer.headers.get('Content-Type') || '';
  if (!answer.ok || !type.startsWith('text/plain')) {
    form.submit();
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await answer.blob());
  link.download = form.dataset.clientDownload;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  const versions = answer.headers.get(VERSIONS_HEADER) || 'none yet';
  localStorage.setItem(section.dataset.storageKey, JSON.stringify({ versions, at: new Date().toISOString() }));
  section.dataset.clientVersions = versions;
  show(section);
}

export function installClientVersions(root) {
  const section = root.querySelector('[data-client-versions]');
  const form = root.querySelector('form[data-client-download]');
  if (!section || !form) {
    return;
  }
  show(section);
  form.addEventListener('submit', (event) => {
    // The other button ("Show the commands for this package") is a plain page load.
    if (event.submitter && event.submitter.hasAttribute('formaction')) {
      return;
    }
    event.preventDefault();
    download(form, section).catch(() => form.submit());
  });
}
