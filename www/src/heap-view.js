// Heap and allocs profiles: by-function and per-record tables (in-use / allocated ×
// bytes / objects, raw or unsampled), and the MemStats panel with its derived figures.

import { el } from './element.js';
import { bytes, count, sampleValue, share, withUnit } from './format.js';
import { sortableTable } from './sortable-table.js';
import { recordStack } from './record-stack.js';
import { loadSourceLinks } from './source-links.js';

export const HEAP_SAMPLES = [
  ['inuse_space', 'in-use bytes'],
  ['inuse_objects', 'in-use objects'],
  ['alloc_space', 'allocated bytes'],
  ['alloc_objects', 'allocated objects'],
];

function select(id, label, options, value, onChange) {
  const node = el('select', { id, attrs: { 'aria-label': label } },
    ...options.map(([v, text]) => el('option', { value: v, textContent: text, selected: v === value })));
  node.addEventListener('change', () => onChange(node.value));
  return node;
}

/** The leaf frame's function of a record (what allocated). */
function leafName(record, frames) {
  const frame = frames[record.stack[0]];
  return frame ? frame.function : (record.addresses[0] ?? '');
}

function memstatsPanel(memstats) {
  if (!memstats) return null;
  const derived = el('dl', { className: 'memstats' }, ...memstats.derived.flatMap((d) => [
    el('dt', { textContent: d.label, title: d.key }),
    el('dd', {}, el('strong', { textContent: withUnit(d.value, d.unit) }), el('span', { className: 'meaning', textContent: d.meaning })),
  ]));
  const raw = el('details', {}, el('summary', { textContent: `All ${Object.keys(memstats.values).length} MemStats values` }),
    el('table', { className: 'data compact' }, el('tbody', {}, ...Object.entries(memstats.values).map(([k, v]) =>
      el('tr', {}, el('th', { scope: 'row', textContent: k }),
        el('td', { className: 'num', textContent: typeof v === 'object' ? JSON.stringify(v) : String(v) }))))));
  return el('section', { className: 'card memstats-panel', attrs: { 'aria-label': 'MemStats' } },
    el('h3', { textContent: 'runtime.MemStats' }), derived, raw);
}

export async function renderHeap(container, { profile, profileIndex, report, state, setState, analyzer }) {
  const heap = profile.heap;
  const sample = HEAP_SAMPLES.some(([s]) => s === state.sample) ? state.sample : heap.defaultSample;
  const scale = heap.sampled ? state.scale : 'raw';
  const controls = el('div', { className: 'toolbar' },
    select('heap-sample', 'Sample', HEAP_SAMPLES.filter(([s]) => heap.hasAlloc || s.startsWith('inuse')), sample, (v) => setState({ sample: v, sort: '' })),
    heap.sampled
      ? select('heap-scale', 'Scale', [['unsampled', 'unsampled (pprof estimate)'], ['raw', 'raw (as written)']], scale, (v) => setState({ scale: v }))
      : el('span', { className: 'hint', textContent: 'every allocation recorded: raw = unsampled' }),
    select('heap-table', 'Table', [['functions', 'by function'], ['sites', 'by line'], ['records', 'records']], state.heapTable, (v) => setState({ heapTable: v, sort: '' })));
  const total = heap.totals[scale][sample];
  const tableSlot = el('div', { className: 'table-slot' }, el('p', { className: 'hint', textContent: 'Loading…' }));
  container.replaceChildren(
    el('p', { className: 'facts' }, `total ${sampleValue(sample, total)} · ${count(heap.records.length)} records`),
    controls, tableSlot, memstatsPanel(heap.memstats) ?? '');

  if (state.heapTable === 'records') {
    const columns = [
      { key: 'site', label: 'allocated at', value: (r) => leafName(r, report.frames), text: (r) => leafName(r, report.frames), className: 'fn' },
      ...HEAP_SAMPLES.map(([s, label]) => ({
        key: s, label, numeric: true, value: (r) => r[scale][s], text: (r) => sampleValue(s, r[scale][s]),
      })),
      { key: 'line', label: 'line', numeric: true, value: (r) => r.line, text: (r) => String(r.line) },
    ];
    const rows = heap.records.map((r, index) => ({ ...r, index }));
    const links = loadSourceLinks();
    tableSlot.replaceChildren(sortableTable({
      columns, rows, sort: state.sort || `${sample}:desc`, onSort: (sort) => setState({ sort }),
      caption: 'Heap records', rowData: (r) => ({ record: r.index }), highlight: (r) => r.index === state.group,
      detail: (r) => recordStack(r, report.frames, links),
    }));
    tableSlot.querySelector('tr.highlight')?.scrollIntoView({ block: 'center' });
    return;
  }
  const top = await analyzer.query('top', { profile: profileIndex, sample, scale, groupBy: state.heapTable === 'sites' ? 'site' : 'function' });
  tableSlot.replaceChildren(sortableTable({
    columns: [
      { key: 'name', label: state.heapTable === 'sites' ? 'function and line' : 'function', value: (r) => r.name, text: (r) => r.name, className: 'fn' },
      { key: 'flat', label: 'flat', numeric: true, value: (r) => r.flat, text: (r) => sampleValue(sample, r.flat) },
      { key: 'flatShare', label: 'flat %', numeric: true, value: (r) => r.flat, text: (r) => share(r.flat, top.total) },
      { key: 'cum', label: 'cum', numeric: true, value: (r) => r.cum, text: (r) => sampleValue(sample, r.cum) },
      { key: 'cumShare', label: 'cum %', numeric: true, value: (r) => r.cum, text: (r) => share(r.cum, top.total) },
    ],
    rows: top.rows, sort: state.sort || 'flat:desc', onSort: (sort) => setState({ sort }), caption: `Heap by ${state.heapTable === 'sites' ? 'line' : 'function'} (${sample}, ${scale})`,
  }));
}

export { bytes };
