// Wires the page: input (textarea, paste anywhere, Ctrl+Enter) → worker → result view.

import { Analyzer } from './analyzer.js';
import { renderResult } from './result-view.js';

const dump = document.getElementById('dump');
const analyzeButton = document.getElementById('analyze');
const status = document.getElementById('status');
const result = document.getElementById('result');
const version = document.getElementById('version');

const analyzer = new Analyzer();
analyzer.ready.then(
  (v) => { version.textContent = `goroscope ${v} ·`; },
  (error) => { status.textContent = `Could not start the analyzer: ${error.message}`; });

async function analyze() {
  const text = dump.value;
  if (text.trim() === '') {
    status.textContent = 'Paste a dump first.';
    return;
  }
  status.textContent = 'Analysing…';
  document.body.dataset.busy = 'true';
  try {
    const { report, elapsedMs } = await analyzer.analyze(text);
    renderResult(result, report, elapsedMs);
    status.textContent = '';
  } catch (error) {
    status.textContent = `Analysis failed: ${error.message}`;
  } finally {
    delete document.body.dataset.busy;
  }
}

analyzeButton.addEventListener('click', analyze);
dump.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) analyze();
});
// Pasting into the textarea analyses right away.
dump.addEventListener('input', (event) => {
  if (event.inputType === 'insertFromPaste') analyze();
});
// Pasting anywhere else on the page (but not into another field) puts the text in the
// textarea first.
document.addEventListener('paste', (event) => {
  if (event.target instanceof Element && event.target.closest('input, textarea, [contenteditable]')) return;
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (text === '') return;
  event.preventDefault();
  dump.value = text;
  analyze();
});
