// Compare: several dumps of one program over time (the workspace's `compareInputs`). The
// growth annotations first, then goroutine groups by change with a sparkline of their
// counts, then heap sites; a group opens to its stack and its goroutines dump by dump.
// Profiles of one kind (CPU, heap, block, mutex) follow by function, like `pprof -base`.

import { el, svg } from './element.js';
import { bytes, count, plural, withUnit } from './format.js';
import { frameLine } from './frame-view.js';
import { annotationItem, groupNamer } from './overview-view.js';
import { snapshotBreakdown } from './compare-snapshots.js';
import { groupNameText, wrappingName } from './names.js';

/** A tiny line chart of `values` (nulls skipped). */
export function sparkline(values, label) {
  const width = 96;
  const height = 22;
  const known = values.filter((v) => v !== null);
  const max = Math.max(1, ...known);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(height - 2 - ((height - 4) * v) / max).toFixed(1)}`)).filter(Boolean);
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    svg('polyline', { points: points.join(' '), fill: 'none' }),
    ...points.map((p) => {
      const [x, y] = p.split(',');
      return svg('circle', { cx: x, cy: y, r: 1.8 });
    }));
}

function snapshotHeader(snapshots) {
  return snapshots.map((s) => el('th', { scope: 'col', className: 'num per-dump', title: s.dump, textContent: s.time === null ? s.dump : `${s.time}s` }));
}

/** `+646 · 13.92× · +596.31 goroutines/min`, each number as the findings print it. */
function trendText(row) {
  const parts = [`${row.delta > 0 ? '+' : ''}${count(row.delta)}`];
  if (row.ratio !== null) parts.push(withUnit(row.ratio, 'ratio'));
  if (row.perMinute !== null) parts.push(`${row.perMinute > 0 ? '+' : ''}${withUnit(row.perMinute, 'goroutines_per_minute')}`);
  return parts.join(' · ');
}

function goroutineTable(comparison, state, setState, links, analyzer) {
  const g = comparison.goroutines;
  const body = el('tbody');
  for (const group of g.groups) {
    const open = state.group === group.id;
    const leaf = group.frames.find((f) => f.origin === 'own') ?? group.frames[0];
    // The row opens on a click anywhere; the keyboard and screen readers use its button
    // (a table row cannot carry aria-expanded).
    const row = el('tr', {
      className: `clickable change-${group.change}${open ? ' highlight' : ''}`,
      data: { group: group.id, change: group.change },
    },
    el('td', { className: 'fn' },
      el('button', { type: 'button', className: 'row-toggle', textContent: open ? '▾' : '▸', attrs: { 'aria-expanded': open ? 'true' : 'false', 'aria-label': `${open ? 'Close' : 'Open'} ${leaf?.function ?? 'group'}` } }),
      wrappingName(leaf, groupNameText(group, leaf), group.name?.function ?? leaf?.function ?? ''), group.dumpWriter ? el('span', { className: 'tag', textContent: 'dump writer' }) : null,
      // Narrow screens drop the state column: a name that does not say the wait shows it here.
      group.state && !group.name?.wait ? el('span', { className: 'badge state-inline', data: { state: group.state }, textContent: group.state }) : null),
    el('td', { className: 'state-col' }, group.state ? el('span', { className: 'badge', data: { state: group.state }, textContent: group.state }) : ''),
    ...group.series.map((n) => el('td', { className: 'num per-dump', textContent: count(n) })),
    el('td', {}, sparkline(group.series, `goroutines per dump: ${group.series.join(', ')}`)),
    el('td', { className: `num trend ${group.change}`, textContent: trendText(group) }),
    el('td', { className: 'change-word', textContent: group.change }));
    const toggle = () => setState({ group: open ? -1 : group.id });
    row.addEventListener('click', toggle);
    body.append(row);
    if (open) {
      body.append(el('tr', { className: 'detail-row' }, el('td', { colSpan: g.snapshots.length + 5 },
        el('ol', { className: 'stack', attrs: { 'aria-label': 'Stack, innermost first' } }, ...group.frames.map((f) => frameLine(f, links))),
        group.createdBy ? el('p', { className: 'hint' }, 'created by ', el('code', { textContent: group.createdBy.function })) : null,
        snapshotBreakdown(comparison, group, analyzer))));
    }
  }
  return el('table', { className: 'data compare-table' },
    el('caption', { textContent: `Goroutine groups across ${plural(g.snapshots.length, 'dump')}, largest change first` }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'function' }),
      el('th', { scope: 'col', className: 'state-col', textContent: 'state' }),
      ...snapshotHeader(g.snapshots),
      el('th', { scope: 'col', textContent: 'series' }),
      el('th', { scope: 'col', className: 'num', textContent: 'trend' }),
      el('th', { scope: 'col', className: 'change-word', textContent: 'change' }))),
    body);
}

function heapTable(h) {
  return el('table', { className: 'data compare-table' },
    el('caption', { textContent: `Heap sites across ${plural(h.snapshots.length, 'dump')} (in-use bytes, largest change first)` }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'allocated at' }),
      ...snapshotHeader(h.snapshots),
      el('th', { scope: 'col', textContent: 'series' }),
      el('th', { scope: 'col', className: 'num', textContent: 'change' }))),
    el('tbody', {}, ...h.sites.slice(0, 200).map((site) => el('tr', { data: { site: site.id } },
      el('td', { className: 'fn' }, wrappingName(site.frames[0])),
      ...site.inuseSpace.map((n) => el('td', { className: 'num per-dump', textContent: bytes(n) })),
      el('td', {}, sparkline(site.inuseSpace, 'in-use bytes per dump')),
      el('td', { className: 'num', textContent: `${site.delta > 0 ? '+' : ''}${bytes(site.delta)}` })))));
}

const FAMILY = { cpu: 'CPU profiles', heap: 'Heap profiles', block: 'Block profiles', mutex: 'Mutex profiles', samples: 'Profiles' };

/** `+0.24 s`, `−512 KiB`: a signed value in the sample type's unit. */
function signed(n, unit) {
  return `${n > 0 ? '+' : ''}${withUnit(n, unit)}`;
}

/** One kind of profile by function: the chosen sample type per profile and last − first. */
function profileTable(family, state, setState) {
  const type = family.sampleTypes.find((t) => t.type === state.sample) ?? family.sampleTypes[family.defaultSampleType];
  const pick = el('select', { className: 'compare-sample', attrs: { 'aria-label': `${FAMILY[family.kind] ?? family.kind}: sample type` } },
    ...family.sampleTypes.map((t) => el('option', { value: t.type, textContent: t.type, selected: t === type })));
  pick.addEventListener('change', () => setState({ sample: pick.value }));
  const moved = type.functions.filter((f) => f.flatDelta !== 0 || f.cumDelta !== 0);
  const title = `${FAMILY[family.kind] ?? family.kind} by function, ${type.type}: last minus first, like pprof -base (${count(moved.length)} of ${count(type.functionCount)} changed)`;
  const header = (s) => el('th', { scope: 'col', className: 'num per-dump', title: s.dump, textContent: `cum · ${s.dump}` });
  const table = el('table', { className: 'data compare-table', data: { family: family.kind } },
    el('caption', { className: 'visually-hidden', textContent: title }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'function' }),
      ...family.snapshots.map(header),
      el('th', { scope: 'col', className: 'num', textContent: 'flat Δ' }),
      el('th', { scope: 'col', className: 'num', textContent: 'cum Δ' }))),
    el('tbody', {}, ...moved.slice(0, 200).map((f) => el('tr', { className: `change-${f.cumDelta > 0 ? 'grew' : 'shrank'}` },
      el('td', { className: 'fn' }, el('code', { textContent: f.function })),
      ...f.cum.map((v) => el('td', { className: 'num per-dump', textContent: withUnit(v, type.unit) })),
      el('td', { className: 'num', textContent: signed(f.flatDelta, type.unit) }),
      el('td', { className: 'num trend', textContent: signed(f.cumDelta, type.unit) })))));
  return el('section', { className: 'compare-profiles', attrs: { 'aria-label': `${FAMILY[family.kind] ?? family.kind} compared` } },
    el('h3', { textContent: title }),
    el('p', { className: 'toolbar' }, pick,
      el('span', { className: 'hint', textContent: ` totals ${type.totals.map((v) => withUnit(v, type.unit)).join(' → ')}` })),
    el('div', { className: 'table-scroll' }, table));
}

export async function renderCompare(container, { comparison, state, setState, links, analyzer }) {
  const parts = [el('p', { className: 'facts' },
    `${plural(comparison.inputs.length, 'input')} compared · grouped by ${comparison.groupBy}`
    // Without times the core's note says why (which file lacks one), when times matter.
    + (comparison.timeSource ? ` · times from ${comparison.timeSource}` : ''))];
  if (comparison.annotations.length > 0) {
    parts.push(el('section', { className: 'annotations', attrs: { 'aria-label': 'Growth annotations' } },
      el('ul', { className: 'annotation-list compact-list' }, ...comparison.annotations.map((a, i) =>
        // One line each, details on a click: the table below is what Compare is for.
        annotationItem(a, state.profile, 'compare', (partial) => setState({ group: partial.group }), i, {
          // `heap-growth` points at heap sites, not groups: those keep their numbers.
          groupName: a.rule === 'goroutine-growth' ? groupNamer(comparison.goroutines?.groups) : undefined,
          findings: comparison.annotations, compact: true,
        })))));
  }
  for (const note of comparison.notes ?? []) parts.push(el('p', { className: 'hint', textContent: note.message }));
  const g = comparison.goroutines;
  if (g) {
    parts.push(el('p', { className: 'headline' },
      el('span', { textContent: 'goroutines per dump ' }),
      sparkline(g.totals, `goroutines per dump: ${g.totals.join(', ')}`),
      el('strong', { textContent: ` ${g.totals.map(count).join(' → ')}` })));
    parts.push(el('div', { className: 'table-scroll' }, goroutineTable(comparison, state, setState, links, analyzer)));
  }
  if (comparison.heap) parts.push(el('div', { className: 'table-scroll' }, heapTable(comparison.heap)));
  for (const family of comparison.profiles ?? []) parts.push(profileTable(family, state, setState));
  container.replaceChildren(...parts);
  container.querySelector('tr.highlight')?.scrollIntoView({ block: 'nearest' });
}
