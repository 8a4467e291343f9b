// Timeline: the dumps of one log in log order (the report's `timeline`, docs/json.md), their
// goroutines per state as stacked bars over time, and a table of where each stands in the
// log. Click a bar or a row to open that dump. Everything shown is in the report.

import { el, svg } from './element.js';
import { count, logTime } from './format.js';

/** States drawn apart (the most common over the log); the rest are stacked as "other". */
const STATES_SHOWN = 5;

/** The states with the most goroutines over every dump, most first. */
function topStates(timeline) {
  const totals = new Map();
  for (const entry of timeline) {
    for (const [state, n] of Object.entries(entry.states ?? {})) totals.set(state, (totals.get(state) ?? 0) + n);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, STATES_SHOWN).map(([state]) => state);
}

/** `entry`'s goroutines per shown state, then the others. */
function stack(entry, states) {
  const parts = states.map((state) => entry.states?.[state] ?? 0);
  const shown = parts.reduce((a, b) => a + b, 0);
  return [...parts, Math.max(0, (entry.goroutines ?? 0) - shown)];
}

function label(entry) {
  const when = entry.time === null ? `lines ${count(entry.firstLine)}–${count(entry.lastLine)}` : logTime(entry.time);
  return `${entry.dump + 1}. ${entry.kind} · ${when}${entry.goroutines !== undefined ? ` · ${count(entry.goroutines)} goroutines` : ''}`;
}

function chart(timeline, states) {
  const width = 760;
  const height = 180;
  const bottom = 34;
  const slot = width / timeline.length;
  const bar = Math.max(3, Math.min(48, slot * 0.7));
  const max = Math.max(1, ...timeline.map((e) => e.goroutines ?? 0));
  const scale = (height - bottom - 8) / max;
  const every = Math.ceil(timeline.length / 8);
  return svg('svg', { class: 'timeline-chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Goroutines per dump, ${timeline.length} dumps in log order` },
    svg('text', { x: 4, y: 12, class: 'chart-value' }, count(max)),
    ...timeline.map((entry, i) => {
      const x = i * slot + (slot - bar) / 2;
      let y = height - bottom;
      const parts = entry.goroutines === undefined ? [] : stack(entry, states);
      const rects = parts.map((n, s) => {
        const h = n * scale;
        y -= h;
        return n > 0 ? svg('rect', { x, y, width: bar, height: h, class: `timeline-state timeline-state-${s}` }) : null;
      });
      // A dump without goroutines (heap, contention…): a marker on the axis.
      const marker = parts.length === 0 ? svg('rect', { x, y: height - bottom - 4, width: bar, height: 4, class: 'timeline-other-kind' }) : null;
      const tick = i % every === 0
        ? svg('text', { x: x + bar / 2, y: height - bottom + 14, class: 'chart-label', 'text-anchor': 'middle' }, entry.time === null ? `#${i + 1}` : logTime(entry.time, { short: true }))
        : null;
      return svg('g', { class: 'timeline-dump', 'data-dump': entry.dump },
        svg('title', {}, label(entry)),
        svg('rect', { x: i * slot, y: 0, width: slot, height: height - bottom, class: 'timeline-hit' }),
        ...rects, marker, tick);
    }));
}

function legend(states) {
  return el('ul', { className: 'timeline-legend' },
    ...[...states, 'other'].map((state, s) => el('li', {},
      el('span', { className: `swatch timeline-state-${s}` }), state)));
}

function table(timeline, open) {
  const head = el('tr', {}, ...['dump', 'kind', 'logged', 'lines', 'goroutines', 'states'].map((h) => el('th', { scope: 'col', textContent: h })));
  const rows = timeline.map((entry) => el('tr', { data: { dump: entry.dump } },
    el('td', {}, el('button', { type: 'button', className: 'link', textContent: `#${entry.dump + 1}`, title: 'Open this dump', on: { click: () => open(entry.dump) } })),
    el('td', { textContent: entry.kind }),
    el('td', { textContent: entry.time === null ? '—' : logTime(entry.time) }),
    el('td', { className: 'num', textContent: `${count(entry.firstLine)}–${count(entry.lastLine)}` }),
    el('td', { className: 'num', textContent: entry.goroutines === undefined ? '' : count(entry.goroutines) }),
    el('td', { textContent: Object.entries(entry.states ?? {}).slice(0, 3).map(([s, n]) => `${s} ${count(n)}`).join(', ') })));
  return el('table', { className: 'timeline-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/** Renders the Timeline tab into `panel`. */
export function renderTimeline(panel, { report, setState }) {
  const timeline = report.timeline ?? [];
  // A goroutine dump opens on its groups, another on the Overview.
  const open = (dump) => setState({
    profile: dump, view: report.profiles[dump]?.goroutines ? 'goroutines' : 'overview', group: -1, sort: '',
  });
  const states = topStates(timeline);
  const picture = chart(timeline, states);
  picture.addEventListener('click', (event) => {
    const dump = event.target.closest?.('[data-dump]')?.dataset.dump;
    if (dump !== undefined) open(Number(dump));
  });
  // The report says whether the dumps compare (`layout`), and which.
  const compared = report.layout?.views?.includes('compare')
    ? report.layout.comparable.find((c) => c.kind === 'goroutine')?.profiles.length ?? 0
    : 0;
  const compare = compared > 1
    ? el('button', { type: 'button', className: 'secondary', id: 'timeline-compare', textContent: `Compare the ${count(compared)} goroutine dumps`, on: { click: () => setState({ view: 'compare' }) } })
    : null;
  const outside = report.diagnostics.length + (report.diagnosticsOmitted ?? 0);
  const omitted = report.diagnosticsOmitted ? ` The log's other ${count(outside)} lines are counted, not kept.` : '';
  panel.append(
    el('h2', { textContent: `${count(timeline.length)} dump${timeline.length === 1 ? '' : 's'} in this log` }),
    el('p', { className: 'hint', textContent: `In log order, goroutines per state. Click a dump to open it.${omitted}` }),
    el('div', { className: 'timeline-scroll' }, picture), states.length ? legend(states) : null, compare,
    el('div', { className: 'timeline-scroll' }, table(timeline, open)));
}
