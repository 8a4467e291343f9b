// CPU profiles and other protobuf sample profiles (`cpu`, `samples` of the report): the
// facts the core computed, a `pprof -top` table by function, line or package, and the
// flame graph, for a chosen sample type and label filter. Every number is the core's; this
// file only formats them by their unit.

import { el } from './element.js';
import { count, nanoseconds, decimal, share, withUnit } from './format.js';
import { sortableTable } from './sortable-table.js';
import { FlameGraph } from './flame-graph.js';

/** A value of a sample type by the unit the profile declares. */
function byUnit(unit, n) {
  return unit === 'count' ? count(n) : withUnit(n, unit);
}

const GROUPINGS = [['function', 'by function'], ['site', 'by line'], ['package', 'by package']];

function select(id, label, options, selected, onChange) {
  const s = el('select', { id, attrs: { 'aria-label': label } },
    ...options.map(([value, text]) => el('option', { value, textContent: text, selected: value === selected })));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export async function renderCpu(container, { profile, profileIndex, report, state, setState, analyzer }) {
  const view = profile.cpu ?? profile.samples;
  const types = view.sampleTypes;
  const type = types.find((t) => t.type === state.sample) ?? types[view.defaultSampleType];
  const groupBy = GROUPINGS.some(([g]) => g === state.cpuGroupBy) ? state.cpuGroupBy : 'function';
  const labels = view.labels.flatMap((l) => l.values.map((v) => `${l.key}=${v}`));
  const tag = labels.includes(state.tag) ? state.tag : '';
  const query = { profile: profileIndex, sample: type.type, tagFocus: tag ? [tag] : [] };

  const facts = el('div', { className: 'facts-grid' },
    ...types.map((t) => el('div', { className: 'fact' },
      el('span', { className: 'label', textContent: `total ${t.type}` }),
      el('strong', { textContent: byUnit(t.unit, t.total), data: { testid: `total-${t.type}` } }))),
    view.durationNanos > 0 ? el('div', { className: 'fact' },
      el('span', { className: 'label', textContent: 'duration' }),
      el('strong', { textContent: nanoseconds(view.durationNanos) })) : null,
    view.coresBusy !== null ? el('div', { className: 'fact' },
      el('span', { className: 'label', textContent: 'cores busy (CPU time / wall time)' }),
      el('strong', { textContent: decimal(view.coresBusy, 2) })) : null,
    view.sampleRate !== null ? el('div', { className: 'fact' },
      el('span', { className: 'label', textContent: 'samples per second' }),
      el('strong', { textContent: decimal(view.sampleRate, 1) })) : null);

  const toolbar = el('div', { className: 'toolbar' },
    select('cpu-sample', 'Sample type', types.map((t) => [t.type, `${t.type} (${t.unit})`]), type.type,
      (sample) => setState({ sample, sort: '' })),
    select('cpu-group-by', 'Rows', GROUPINGS, groupBy, (cpuGroupBy) => setState({ cpuGroupBy })),
    labels.length ? select('cpu-tag', 'Label filter', [['', 'all samples'], ...labels.map((l) => [l, l])], tag,
      (value) => setState({ tag: value })) : null);
  const topSlot = el('div', { data: { testid: 'cpu-top' } });
  const flame = new FlameGraph({ label: `Flame graph of ${type.type}` });
  container.replaceChildren(
    el('section', { className: 'card' }, el('h3', { textContent: `${profile.kind} profile` }), facts),
    toolbar,
    el('section', { className: 'card chart-card' }, el('h3', { textContent: `Flame graph — ${type.type}${tag ? `, ${tag}` : ''}` }), flame.element),
    el('section', { className: 'card' }, el('h3', { textContent: `Top (${type.type}${tag ? `, ${tag}` : ''})` }), topSlot));

  const [top, tree] = await Promise.all([
    analyzer.query('top', { ...query, groupBy }),
    analyzer.query('callTree', { ...query, mergeLines: true }),
  ]);
  // Percentages of the whole profile, as pprof prints them under a -tagfocus.
  const whole = type.total;
  const showTop = (sort) => topSlot.replaceChildren(sortableTable({
    columns: [
      { key: 'flat', label: 'flat', numeric: true, value: (r) => r.flat, text: (r) => byUnit(type.unit, r.flat) },
      { key: 'flatShare', label: 'flat %', numeric: true, value: (r) => r.flat, text: (r) => share(r.flat, whole) },
      { key: 'cum', label: 'cum', numeric: true, value: (r) => r.cum, text: (r) => byUnit(type.unit, r.cum) },
      { key: 'cumShare', label: 'cum %', numeric: true, value: (r) => r.cum, text: (r) => share(r.cum, whole) },
      { key: 'name', label: GROUPINGS.find(([g]) => g === groupBy)[1].replace('by ', ''), value: (r) => r.name, text: (r) => r.name, className: 'fn' },
    ],
    rows: top.rows, sort, onSort: showTop, caption: `${count(top.rows.length)} rows · ${byUnit(type.unit, top.total)} of ${byUnit(type.unit, whole)}`,
  }));
  showTop('flat:desc');
  flame.setData(tree, report.frames, (n) => byUnit(type.unit, n));
}
