// The event-type editor: CodeMirror 6 over the applyEvent <textarea>, which stays the form's value.
import { EditorView, basicSetup } from 'codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

function diagnosticAt(doc, lineNumber, column, message) {
  const line = doc.line(Math.min(Math.max(lineNumber, 1), doc.lines));
  const from = Math.min(line.from + Math.max(column - 1, 0), line.to);
  // Mark at least one character so the error is visible in the text, not only in the gutter.
  const to = from < line.to ? from + 1 : line.to;
  return { from: to === from && from > line.from ? from - 1 : from, to, severity: 'error', message };
}

function attach(textarea) {
  const host = document.createElement('div');
  host.className = 'code-editor-host';
  textarea.insertAdjacentElement('afterend', host);
  textarea.hidden = true;
  const view = new EditorView({
    parent: host,
    doc: textarea.value,
    extensions: [
      basicSetup,
      javascript(),
      lintGutter(),
      // CodeMirror writes its theme into a <style> element: the page's CSP allows it by this nonce.
      EditorView.cspNonce.of(document.querySelector('meta[name=csp-nonce]')?.content || ''),
      EditorView.contentAttributes.of({ 'aria-labelledby': textarea.dataset.labelledby || '' }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          textarea.value = update.state.doc.toString();
        }
      }),
    ],
  });
  const line = Number(textarea.dataset.errorLine);
  if (line > 0) {
    const diagnostic = diagnosticAt(view.state.doc, line, Number(textarea.dataset.errorColumn) || 1,
      textarea.dataset.errorMessage || 'Syntax error');
    view.dispatch(setDiagnostics(view.state, [diagnostic]));
  }
  textarea.editorView = view;
}

function attachAll(root) {
  root.querySelectorAll('textarea[data-code-editor]').forEach((textarea) => {
    if (!textarea.editorView) {
      attach(textarea);
    }
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => attachAll(document));
} else {
  attachAll(document);
}
document.addEventListener('htmx:load', (event) => attachAll(event.detail.elt));
