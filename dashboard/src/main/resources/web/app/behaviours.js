// Small behaviours wired by data- attributes, delegated from the document so they survive htmx swaps.
// No inline script anywhere: the Content-Security-Policy allows only scripts from this origin.

function flash(message) {
  const box = document.getElementById('flash');
  if (!box) {
    return;
  }
  box.textContent = message;
  box.hidden = false;
  clearTimeout(box.hideTimer);
  box.hideTimer = setTimeout(() => { box.hidden = true; }, 8000);
}

async function copy(button) {
  const source = document.getElementById(button.dataset.copyTarget);
  const text = source && ('value' in source ? source.value : source.textContent);
  if (!text) {
    return;
  }
  try {
    await navigator.clipboard.writeText(text.trim());
    button.textContent = 'Copied';
  } catch (denied) {
    // No clipboard permission: select the text so Ctrl+C does it.
    if (source.select) {
      source.select();
    }
    button.textContent = 'Press Ctrl+C to copy';
  }
  button.dataset.copied = 'true';
}

function addRow(button) {
  const template = document.getElementById(button.dataset.addRow);
  const body = document.getElementById(button.dataset.rowsInto);
  const row = template.content.firstElementChild.cloneNode(true);
  body.appendChild(row);
  const first = row.querySelector('input, select');
  if (first) {
    first.focus();
  }
  body.dispatchEvent(new CustomEvent('rows-changed', { bubbles: true }));
}

function removeRow(button) {
  const row = button.closest('tr');
  const body = row.parentElement;
  const next = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  const focusable = next && next.querySelector('input, select, button');
  (focusable || document.querySelector('[data-add-row]'))?.focus();
  body.dispatchEvent(new CustomEvent('rows-changed', { bubbles: true }));
}

// Each row's controls say which row they are in ("Field name, row 2"), so a screen reader tells rows apart.
function renumber(body) {
  [...body.rows].forEach((row, index) => {
    row.querySelectorAll('[data-row-label]').forEach((control) => {
      control.setAttribute('aria-label', `${control.dataset.rowLabel}, row ${index + 1}`);
    });
  });
}

export function installBehaviours(root) {
  root.addEventListener('rows-changed', (event) => {
    if (event.target.matches('[data-numbered-rows]')) {
      renumber(event.target);
    }
  });

  root.addEventListener('click', (event) => {
    const target = event.target.closest('[data-copy-target], [data-add-row], [data-remove-row]');
    if (!target) {
      return;
    }
    event.preventDefault();
    if (target.dataset.copyTarget) {
      copy(target);
    } else if (target.dataset.addRow) {
      addRow(target);
    } else {
      removeRow(target);
    }
  });

  // A form that must be confirmed (deleting, revoking) asks first; plain forms only, htmx has hx-confirm.
  root.addEventListener('submit', (event) => {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Key presets: choosing one ticks its scopes; ticking scopes by hand selects the preset they make, if any.
  root.addEventListener('change', (event) => {
    const input = event.target;
    const form = input.form;
    if (!form) {
      return;
    }
    if (input.dataset.scopes && input.checked) {
      const wanted = input.dataset.scopes.split(' ');
      form.querySelectorAll('input[name=scope]').forEach((box) => { box.checked = wanted.includes(box.value); });
    } else if (input.name === 'scope') {
      const ticked = [...form.querySelectorAll('input[name=scope]:checked')].map((box) => box.value).sort().join(' ');
      const presets = [...form.querySelectorAll('input[data-scopes]')];
      const match = presets.find((preset) => preset.dataset.scopes.split(' ').sort().join(' ') === ticked)
        || presets.find((preset) => preset.dataset.scopes === '');
      if (match) {
        match.checked = true;
      }
    }
  });

  // Loading state on the element that started each htmx request (Pico shows a spinner for aria-busy).
  root.addEventListener('htmx:beforeRequest', (event) => {
    const source = event.detail.elt;
    const button = source.tagName === 'FORM' ? source.querySelector('[type=submit]') : source;
    if (button) {
      button.setAttribute('aria-busy', 'true');
    }
  });
  root.addEventListener('htmx:afterRequest', (event) => {
    const source = event.detail.elt;
    const button = source.tagName === 'FORM' ? source.querySelector('[type=submit]') : source;
    button?.removeAttribute('aria-busy');
  });
  root.addEventListener('htmx:responseError', (event) => {
    flash(`The request failed (${event.detail.xhr.status}). Reload the page and try again.`);
  });
  root.addEventListener('htmx:sendError', () => {
    flash('The dashboard could not be reached. Check your connection and try again.');
  });
}
