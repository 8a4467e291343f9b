// Charts: goroutines per state, goroutines per wait time, and the flame graph of the
// profile (goroutine stacks by count, heap by bytes or objects, contention by delay).

import { el, svg } from './element.js';
import { count, sampleValue } from './format.js';
import { statesByCount } from './summary.js';
import { FlameGraph } from './flame-graph.js';
import { HEAP_SAMPLES } from './heap-view.js';

/** Horizontal bars: `[[label, value]]`. */
function barChart(entries, { label, testid }) {
  const rowHeight = 22;
  const labelWidth = 190;
  const width = 640;
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${entries.length * rowHeight + 4}`, class: 'chart', role: 'img', 'aria-label': label, 'data-testid': testid,
  });
  entries.forEach(([name, value], i) => {
    const y = i * rowHeight + 2;
    const w = Math.max(2, ((width - labelWidth - 80) * value) / max);
    chart.append(
      svg('text', { x: labelWidth - 8, y: y + rowHeight / 2, class: 'chart-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, name.length > 28 ? `${name.slice(0, 27)}…` : name),
      svg('rect', { x: labelWidth, y: y + 3, width: w, height: rowHeight - 6, rx: 3, class: 'chart-bar' }, svg('title', {}, `${name}: ${count(value)}`)),
      svg('text', { x: labelWidth + w + 6, y: y + rowHeight / 2, class: 'chart-value', 'dominant-baseline': 'middle' }, count(value)));
  });
  return chart;
}

/** Wait minutes → buckets people think in. */
const WAIT_BUCKETS = [[0, 0, '< 1 min'], [1, 4, '1–4 min'], [5, 14, '5–14 min'], [15, 59, '15–59 min'], [60, 239, '1–4 h'], [240, 1439, '4–24 h'], [1440, Infinity, '≥ 1 day']];

export function waitBuckets(waitMinutes) {
  const buckets = WAIT_BUCKETS.map(([lo, hi, name]) => [name, 0, lo, hi]);
  for (const [minutes, n] of Object.entries(waitMinutes ?? {})) {
    const m = Number(minutes);
    const bucket = buckets.find(([, , lo, hi]) => m >= lo && m <= hi);
    if (bucket) bucket[1] += n;
  }
  // Buckets past the longest wait say nothing.
  while (buckets.length > 1 && buckets[buckets.length - 1][1] === 0) buckets.pop();
  return buckets.map(([name, n]) => [name, n]);
}

function section(title, ...children) {
  return el('section', { className: 'card chart-card' }, el('h3', { textContent: title }), ...children);
}

export async function renderCharts(container, { profile, profileIndex, report, state, setState, analyzer }) {
  const parts = [];
  const g = profile.goroutines;
  if (g && Object.keys(g.states).length > 0) {
    parts.push(section('Goroutines per state', barChart(statesByCount(g.states).slice(0, 20), { label: 'Goroutines per state', testid: 'state-chart' })));
    parts.push(section('Goroutines per wait time', barChart(waitBuckets(g.waitMinutes), { label: 'Goroutines per wait time', testid: 'wait-chart' })));
  }
  let sample = null;
  let query = { profile: profileIndex };
  const controls = el('div', { className: 'toolbar' });
  if (profile.heap) {
    sample = HEAP_SAMPLES.some(([s]) => s === state.sample) ? state.sample : profile.heap.defaultSample;
    query = { ...query, sample, scale: profile.heap.sampled ? state.scale : 'raw' };
    const pick = el('select', { id: 'flame-sample', attrs: { 'aria-label': 'Flame graph sample' } },
      ...HEAP_SAMPLES.map(([s, label]) => el('option', { value: s, textContent: label, selected: s === sample })));
    pick.addEventListener('change', () => setState({ sample: pick.value }));
    controls.append(pick);
  } else if (profile.contention) {
    sample = state.sample === 'contentions' ? 'contentions' : 'delay';
    query = { ...query, sample };
  }
  const search = el('input', { type: 'search', id: 'flame-search', value: state.flame, placeholder: 'highlight function', attrs: { 'aria-label': 'Highlight functions in the flame graph' } });
  const reset = el('button', { type: 'button', className: 'secondary', textContent: 'Zoom out' });
  const mergeLabel = el('span', { className: 'hint', textContent: 'click a frame to zoom · Esc zooms out · arrow keys move, Enter zooms in' });
  controls.append(search, reset, mergeLabel);
  const noun = profile.heap ? HEAP_SAMPLES.find(([s]) => s === sample)[1] : profile.contention ? sample : 'goroutines';
  const flame = new FlameGraph({ label: `Flame graph of ${noun}` });
  parts.push(section(`Flame graph — ${noun}`, controls, flame.element));
  container.replaceChildren(...parts);
  const tree = await analyzer.query('callTree', { ...query, mergeLines: true });
  flame.setData(tree, report.frames, (n) => sampleValue(sample, n));
  // A highlight matching no frame greys the whole graph: say so, with a way out.
  const noMatch = el('p', { className: 'hint', hidden: true, data: { testid: 'flame-no-match' } });
  controls.after(noMatch);
  const highlight = (text) => {
    flame.setSearch(text);
    noMatch.hidden = text.trim() === '' || flame.matched > 0;
    noMatch.replaceChildren(...(noMatch.hidden ? [] : [`No frame matches “${text.trim()}” — `, el('button', {
      type: 'button', className: 'link', textContent: 'clear',
      on: { click: () => { search.value = ''; highlight(''); setState({ flame: '' }, { silent: true }); } },
    })]));
  };
  highlight(state.flame);
  search.addEventListener('input', () => {
    highlight(search.value);
    setState({ flame: search.value }, { silent: true });
  });
  reset.addEventListener('click', () => flame.zoom(-1));
}
