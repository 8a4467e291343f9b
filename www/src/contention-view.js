// Block and mutex profiles: where goroutines waited, by function and per record.

import { el } from './element.js';
import { count, nanoseconds, sampleValue, share } from './format.js';
import { sortableTable } from './sortable-table.js';
import { recordStack } from './record-stack.js';
import { loadSourceLinks } from './source-links.js';

export async function renderContention(container, { profile, profileIndex, report, state, setState, analyzer }) {
  const c = profile.contention;
  const sample = state.sample === 'contentions' ? 'contentions' : 'delay';
  const sampleSelect = el('select', { id: 'contention-sample', attrs: { 'aria-label': 'Sample' } },
    el('option', { value: 'delay', textContent: 'delay', selected: sample === 'delay' }),
    el('option', { value: 'contentions', textContent: 'contentions', selected: sample === 'contentions' }));
  sampleSelect.addEventListener('change', () => setState({ sample: sampleSelect.value, sort: '' }));
  const bySlot = el('div');
  const links = loadSourceLinks();
  const recordRows = c.records.map((r, index) => ({ ...r, index, site: report.frames[r.stack[0]]?.function ?? r.addresses[0] ?? '' }));
  container.replaceChildren(
    el('p', { className: 'facts' }, `${count(c.totals.contentions)} contentions · ${nanoseconds(c.totals.delay)} total delay · ${count(c.records.length)} records`
      + (c.pprofTotals && c.pprofTotals.contentions !== c.totals.contentions ? ` · go tool pprof would say ${count(c.pprofTotals.contentions)} / ${nanoseconds(c.pprofTotals.delay)}` : '')),
    el('div', { className: 'toolbar' }, sampleSelect),
    bySlot,
    sortableTable({
      columns: [
        { key: 'site', label: 'waited in', value: (r) => r.site, text: (r) => r.site, className: 'fn' },
        { key: 'contentions', label: 'contentions', numeric: true, value: (r) => r.contentions, text: (r) => count(r.contentions) },
        { key: 'delay', label: 'delay', numeric: true, value: (r) => r.delay, text: (r) => nanoseconds(r.delay) },
        { key: 'line', label: 'line', numeric: true, value: (r) => r.line, text: (r) => String(r.line) },
      ],
      rows: recordRows, sort: state.sort.startsWith('site') || state.sort.startsWith('line') || state.sort.startsWith('contentions:') || state.sort.startsWith('delay:') ? state.sort : `${sample}:desc`,
      onSort: (sort) => setState({ sort }), caption: 'Records', rowData: (r) => ({ record: r.index }), highlight: (r) => r.index === state.group,
      detail: (r) => recordStack(r, report.frames, links),
    }));
  const top = await analyzer.query('top', { profile: profileIndex, sample, groupBy: 'function' });
  // This table sorts in place: its order is not worth a place in the URL.
  const showTop = (sort) => bySlot.replaceChildren(sortableTable({
    columns: [
      { key: 'name', label: 'function', value: (r) => r.name, text: (r) => r.name, className: 'fn' },
      { key: 'flat', label: 'flat', numeric: true, value: (r) => r.flat, text: (r) => sampleValue(sample, r.flat) },
      { key: 'flatShare', label: 'flat %', numeric: true, value: (r) => r.flat, text: (r) => share(r.flat, top.total) },
      { key: 'cum', label: 'cum', numeric: true, value: (r) => r.cum, text: (r) => sampleValue(sample, r.cum) },
    ],
    rows: top.rows, sort, onSort: showTop, caption: `By function (${sample})`,
  }));
  showTop('flat:desc');
}
