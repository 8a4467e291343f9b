// Wires the page: inputs (paste anywhere, drop, file picker, examples, textarea) → worker
// (with progress and cancel) → viewer; the URL hash keeps the view state.

import { Cancelled } from './analyzer.js';
import { analyzer } from './page-analyzer.js';
import { EXAMPLES, exampleBlob } from './examples.js';
import { hashFromState, stateFromHash } from './view-state.js';
import { applySavedTheme, themeToggle } from './theme.js';
import { bytes as formatBytes, count } from './format.js';
import { formatMappings, loadSourceLinks, parseMappings, saveSourceLinks } from './source-links.js';
import { MAX_LINK, MAX_SOURCE, decodeInputs, encodeInputs, keepSharedData, sharedData, withSharedData } from './share.js';

applySavedTheme();

const $ = (id) => document.getElementById(id);
const dump = $('dump');
const status = $('status');
const result = $('result');
const progress = $('progress');
const progressBar = $('progress-bar');
const progressText = $('progress-text');

// The result's viewer (viewer.js, with the Overview and Goroutines views) and the other
// views are not needed before a dump is given: they are fetched right after the analyzer
// is ready (in a task of their own, after the ready page has painted), not before it, nor
// when first opened (nothing is requested once the page has loaded).
let viewerModule = null;
const viewerJs = () => (viewerModule ??= import('./viewer.js'));
/** The result's viewer, made when its module is here (null before). */
let viewer = null;

async function loadViewer() {
  const { Viewer } = await viewerJs();
  viewer ??= new Viewer(result, {
    analyzer,
    state: stateFromHash(location.hash),
    onStateChange: (state) => {
      const hash = withSharedData(hashFromState({ ...state, example: '' }));
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
    },
    share: () => shareLink(),
    setRedact: (on) => {
      if (shown) analyze(shown.inputs, shown.label, { state: { ...viewer.state, redact: on } });
    },
  });
  return viewer;
}

analyzer.ready.then(
  (v) => {
    $('version').textContent = `goroseer ${v} ·`;
    performance.mark('goroseer:ready');
    setTimeout(() => Promise.all([loadViewer(), viewerJs().then(({ preloadViews }) => preloadViews())])
      // The number format's first use (ICU's locale data, format.js), here rather than in
      // the first dump's render.
      .then(() => count(0))
      .then(() => {
        document.documentElement.dataset.viewsLoaded = 'true';
        analyzer.warmUp();
      }));
  },
  (error) => { status.textContent = `Could not start the analyzer: ${error.message}`; });

/** The inputs shown, kept for a share link and for redacting them again. */
let shown = null;

/** A link holding the shown inputs (redacted by the core when `redact` is on) and the view. */
async function shareLink() {
  if (!shown) return { error: 'Nothing to share yet.' };
  const redact = viewer.state.redact;
  const texts = [];
  let budget = MAX_SOURCE;
  for (const input of shown.inputs) {
    // The worker checks the size before reading, and the core says what is text.
    const { text, tooLarge } = await analyzer.inputText(input, budget);
    if (tooLarge) return { error: `${shown.label} is more than ${formatBytes(MAX_SOURCE)} of text, more than a link can carry: share the file instead.` };
    if (text === null) return { error: `${input.name} is an archive or a binary profile, which a link cannot carry: share the file instead.` };
    budget -= text.length;
    texts.push({ name: input.name, text: redact ? await analyzer.query('redactText', text) : text });
  }
  const hash = hashFromState({ ...viewer.state, example: '' });
  const url = `${location.href.split('#')[0]}#${hash ? `${hash}&` : ''}d=${await encodeInputs(texts)}`;
  const download = () => {
    for (const { name, text } of texts) {
      const href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      const a = Object.assign(document.createElement('a'), { href, download: `${redact ? 'redacted-' : ''}${name.replace(/\.gz$/, '')}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 1000);
    }
  };
  return { url, tooLarge: url.length > MAX_LINK, download };
}

function showProgress({ stage, done, total, ...streaming }) {
  progress.hidden = false;
  if (stage === 'streaming') {
    // A big log read as a stream (www/src/stream.js): how far, how fast, what was found.
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = streamingText(done, total, streaming);
  } else if (stage === 'reading' && total > 0) {
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = `Reading ${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB…`;
  } else {
    progressBar.removeAttribute('value');
    progressText.textContent = stage === 'parsing' && done ? `Parsing ${(done / 1e6).toFixed(1)} MB…` : 'Parsing…';
  }
}

function streamingText(done, total, { mbps, dumps }) {
  return `Reading ${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB · ${mbps.toFixed(0)} MB/s · `
    + `${count(dumps)} dump${dumps === 1 ? '' : 's'} found`;
}

/** Analyses `inputs` (`[{ name, text | blob }]`) and shows the result. */
async function analyze(inputs, label, { state = null } = {}) {
  status.textContent = '';
  document.body.dataset.busy = 'true';
  showProgress({ stage: 'parsing', done: 0, total: 0 });
  progressText.textContent = `Analysing ${label}…`;
  const started = performance.now();
  try {
    await loadViewer();
    // Grouped at the level the view shows (e.g. exact, from the URL) right away, not
    // grouped by lines first and regrouped.
    // A level mistyped in the URL is left to the viewer (it stays at `lines`).
    const groupBy = /^(exact|lines|functions|top:[1-9]\d{0,3})$/.test(viewer.state.groupBy) ? viewer.state.groupBy : 'lines';
    const options = { groupBy, redact: Boolean(state?.redact ?? viewer.state.redact) };
    const { report, elapsedMs, bytes, inputs: added, streamed } = await analyzer.analyze(inputs, { options, onProgress: showProgress });
    performance.mark('goroseer:received');
    shown = { inputs, label };
    // A link's dump stays in the URL (a reload shows it again) until another is shown.
    keepSharedData(shared && inputs === sharedInputs ? shared : null);
    result.hidden = false;
    // The first report may follow a state given in the URL (a link); later ones start clean.
    viewer.show(report, { elapsedMs, bytes, label, inputs: added ?? inputs.length }, { fresh: viewer.report !== null, state });
    performance.mark('goroseer:shown');
    $('paste-box').open = false;
    // No dump read: the Overview's summary says what the input is instead (`notADump`).
    status.textContent = `${label}: ${report.notADump ? 'no Go dump' : `${report.profiles.length} dump${report.profiles.length === 1 ? '' : 's'}`}`
      + `${bytes ? `, ${formatBytes(bytes)}` : ''} in ${(performance.now() - started).toFixed(0)} ms`
      + (streamed ? ` (read as a stream; wasm memory ${formatBytes(streamed.memory)})` : '');
  } catch (error) {
    status.textContent = error instanceof Cancelled ? 'Cancelled.' : `Analysis failed: ${error.message}`;
  } finally {
    delete document.body.dataset.busy;
    progress.hidden = true;
  }
}

function analyzeText(text, label) {
  if (text.trim() === '') {
    status.textContent = 'Paste a dump first.';
    return;
  }
  analyze([{ name: label, text }], label);
}

function analyzeFiles(files) {
  const list = [...files];
  if (list.length === 0) return;
  const label = list.length === 1 ? list[0].name : `${list.length} files`;
  analyze(list.map((file) => ({ name: file.name, blob: file })), label);
}

/** Opens example `id`; `state`: the view state a link asks for (else a fresh view). */
async function analyzeExample(id, state = null) {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) return;
  try {
    analyze([{ name: example.file, blob: await exampleBlob(id) }], `example “${example.title}”`, { state });
  } catch (error) {
    status.textContent = `Could not load the example: ${error.message}`;
  }
}

// Input: the textarea and its button.
$('analyze').addEventListener('click', () => analyzeText(dump.value, 'pasted text'));
dump.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) analyzeText(dump.value, 'pasted text');
});
dump.addEventListener('input', (event) => {
  if (event.inputType === 'insertFromPaste') analyzeText(dump.value, 'pasted text');
});
// Pasting anywhere else on the page (but not into another field): files or text.
document.addEventListener('paste', (event) => {
  if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]')) return;
  const files = event.clipboardData?.files;
  if (files?.length) {
    event.preventDefault();
    analyzeFiles(files);
    return;
  }
  const text = event.clipboardData?.getData('text/plain') ?? '';
  if (text === '') return;
  event.preventDefault();
  dump.value = text;
  analyzeText(text, 'pasted text');
});

// Input: drag and drop, anywhere on the page.
const overlay = $('drop-overlay');
let dragDepth = 0;
const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
document.addEventListener('dragenter', (event) => {
  if (!carriesFiles(event)) return;
  dragDepth += 1;
  overlay.hidden = false;
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) overlay.hidden = true;
});
document.addEventListener('dragover', (event) => {
  if (carriesFiles(event)) event.preventDefault();
});
document.addEventListener('drop', (event) => {
  dragDepth = 0;
  overlay.hidden = true;
  if (!event.dataTransfer?.files?.length) return;
  event.preventDefault();
  analyzeFiles(event.dataTransfer.files);
});

// Input: the file picker and the examples.
$('file-input').addEventListener('change', (event) => {
  analyzeFiles(event.target.files);
  event.target.value = '';
});
const exampleSelect = $('example');
for (const example of EXAMPLES) {
  exampleSelect.append(new Option(example.title, example.id));
}
exampleSelect.addEventListener('change', () => {
  if (exampleSelect.value) analyzeExample(exampleSelect.value);
  exampleSelect.value = '';
});

$('cancel').addEventListener('click', () => analyzer.cancel());
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && document.body.dataset.busy) analyzer.cancel();
});

// The URL hash: typed or navigated by the user.
window.addEventListener('hashchange', () => {
  const state = stateFromHash(location.hash);
  if (state.example) {
    analyzeExample(state.example, state);
    return;
  }
  if (viewer?.report) viewer.setState(state);
});

// Settings: source links.
const template = $('link-template');
const mappings = $('link-mappings');
const saved = loadSourceLinks();
template.value = saved.template;
mappings.value = formatMappings(saved.mappings);
$('source-links').addEventListener('submit', (event) => {
  event.preventDefault();
  saveSourceLinks({ template: template.value.trim(), mappings: parseMappings(mappings.value) });
  $('settings').open = false;
  viewer?.render();
});

themeToggle($('theme-toggle'));

// Offline after the first visit: sw.js keeps the page's own files. Not in the offline
// single file (file://), and not on a development server unless asked for with
// localStorage `goroseer.offline` = `1` (its tests do).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  const development = ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname);
  if (!development || localStorage.getItem('goroseer.offline') === '1') {
    navigator.serviceWorker.register('sw.js').catch((error) => { console.warn(`offline use unavailable: ${error.message}`); });
  }
}

// `#example=leak` opens an example (an iframe embed uses this); `#…&d=…` a shared link's
// dumps (read from the fragment: nothing is fetched); otherwise the page waits.
const initial = stateFromHash(location.hash);
const shared = sharedData(location.hash);
let sharedInputs = null;
if (shared) {
  decodeInputs(shared).then(
    (inputs) => { sharedInputs = inputs; return analyze(inputs, 'shared link', { state: initial }); },
    (error) => { status.textContent = `Could not read the link's dump: ${error.message}`; });
} else if (initial.example) {
  analyzeExample(initial.example);
}

