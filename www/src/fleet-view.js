// Fleet: one goroutine dump per process of one program (pods, hosts) side by side — the
// workspace's `fleet` (docs/json.md, *Fleet*). The processes unlike the others first (the
// core's rolled-up findings), then a heat map of every group's count per process, then
// the processes ranked. Everything shown is in the report; the page only formats it.

import { appendTo, el } from './element.js';
import { count } from './format.js';

/** Rows and columns of the heat map shown (the most spread groups, the most unlike processes). */
const MAX_GROUPS = 60;
const MAX_PROCESSES = 40;

/** Why the core read the inputs as it did, in words (an enum of the report). */
const REASONS = {
  given: 'as asked',
  'too-few': 'there are fewer than two goroutine dumps',
  'one-name': 'the dumps come from files of one name',
  'times-in-names': 'the file names carry increasing times',
  'log-times-apart': 'their log timestamps lie minutes apart',
  'numbered-names': 'the file names differ by a number only',
  'process-names': 'the file names differ by a process name (pod, host)',
};

function stateBadge(state) {
  return state ? el('span', { className: 'badge', data: { state }, textContent: state }) : null;
}

function openButton(process, setState) {
  return el('button', {
    type: 'button', className: 'link', textContent: process.name,
    title: `Open the goroutines of ${process.name}`,
    on: { click: () => setState({ profile: process.reportProfile, view: 'goroutines', group: -1 }) },
  });
}

function findingList(fleet, setState) {
  if (fleet.findings.length === 0) {
    return el('p', { className: 'hint', id: 'fleet-no-outlier', textContent: 'No process stands out: every group has about the same count in each.' });
  }
  return el('ul', { className: 'annotation-list fleet-findings' }, ...fleet.findings.map((finding) => {
    const process = fleet.processes.find((p) => p.name === finding.process);
    const more = finding.outliers > 1 ? ` (and ${count(finding.outliers - 1)} more group${finding.outliers > 2 ? 's' : ''})` : '';
    return el('li', { className: 'annotation severity-warning fleet-finding' },
      el('div', { className: 'annotation-head' },
        el('span', { className: 'severity', textContent: 'unlike the others' }),
        process ? openButton(process, setState) : finding.process),
      el('p', { className: 'detail', textContent: `${finding.message}${more}` }));
  }));
}

function heatMap(fleet) {
  const processes = fleet.processes.slice(0, MAX_PROCESSES);
  const outlying = new Set(fleet.outliers.map((o) => `${o.group}/${o.processIndex}`));
  const head = el('tr', {},
    el('th', { scope: 'col', textContent: 'group' }),
    el('th', { scope: 'col', className: 'num', textContent: 'typical' }),
    ...processes.map((p) => el('th', { scope: 'col', className: 'num process', title: p.name }, el('span', { textContent: p.name }))));
  const body = el('tbody');
  for (const group of fleet.groups.slice(0, MAX_GROUPS)) {
    const max = Math.max(1, ...group.counts);
    body.append(el('tr', { data: { group: group.id } },
      el('th', { scope: 'row', className: 'fn', title: group.location ?? '' }, group.function, ' ', stateBadge(group.state)),
      el('td', { className: 'num', textContent: count(group.typical) }),
      ...processes.map((p, i) => {
        const n = group.counts[i];
        const outlier = outlying.has(`${group.id}/${i}`);
        return el('td', {
          className: `num heat${outlier ? ' outlier' : ''}`,
          textContent: count(n),
          title: `${p.name}: ${count(n)} goroutine${n === 1 ? '' : 's'}${outlier ? ' (unlike the others)' : ''}`,
          attrs: { style: `--heat: ${(n / max).toFixed(3)}` },
        });
      })));
  }
  const notes = [];
  if (fleet.groups.length > MAX_GROUPS) notes.push(`${count(fleet.groups.length - MAX_GROUPS)} more groups, less spread, not shown`);
  if (fleet.processes.length > MAX_PROCESSES) notes.push(`${count(fleet.processes.length - MAX_PROCESSES)} more processes, more like the others, not shown`);
  return [
    el('div', { className: 'fleet-heat-wrap' }, el('table', { className: 'data fleet-heat', id: 'fleet-heat' }, el('thead', {}, head), body)),
    notes.length ? el('p', { className: 'hint', textContent: `${notes.join('; ')}.` }) : null,
  ];
}

function processTable(fleet, setState) {
  return el('table', { className: 'data fleet-processes', id: 'fleet-processes' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'process' }),
      el('th', { scope: 'col', className: 'num', textContent: 'goroutines' }),
      el('th', { scope: 'col', className: 'num', textContent: 'unlike the others by', title: 'Goroutines by which it differs from the median of the other processes, over every group' }),
      el('th', { scope: 'col', textContent: 'states' }))),
    el('tbody', {}, ...fleet.processes.map((p) => el('tr', {},
      el('td', {}, openButton(p, setState)),
      el('td', { className: 'num', textContent: count(p.total) }),
      el('td', { className: 'num', textContent: count(p.distance) }),
      el('td', { className: 'states-cell', textContent: Object.entries(p.states).map(([s, n]) => `${s} ${count(n)}`).join(', ') })))));
}

/** On the Overview of a fleet: what the Fleet tab found, and a button to it. */
export function fleetBanner(fleet, setState) {
  const found = fleet.findings.length
    ? `${count(fleet.findings.length)} unlike the others`
    : 'none stands out';
  return el('section', { className: 'fleet-banner', id: 'fleet-banner' },
    el('p', {},
      `These ${count(fleet.processes.length)} dumps are processes of one program (${found}). `,
      el('button', { type: 'button', className: 'link', id: 'open-fleet', textContent: 'Open the Fleet view', on: { click: () => setState({ view: 'fleet', group: -1 }) } })),
    fleet.findings.length ? findingList(fleet, setState) : null);
}

/** The Fleet tab: the report's `fleet`, or, when the core took the inputs for snapshots, the fleet asked for anyway. */
export async function renderFleet(panel, { report, analyzer, setState }) {
  // The report carries `fleet` when the core took the inputs for one; else ask for it
  // (the counts are the same, only `layout` says what the core guessed, and why).
  const fleet = report.fleet ?? await analyzer.query('fleet', {});
  if (!fleet) {
    panel.append(el('p', { className: 'hint', textContent: 'None of these inputs holds a goroutine dump.' }));
    return;
  }
  const guessed = fleet.layout === 'fleet';
  const reason = REASONS[fleet.layoutReason] ?? fleet.layoutReason;
  const guess = guessed
    ? `Read as ${count(fleet.processes.length)} processes of one program at one moment: ${reason}.`
    : `These dumps look like snapshots of one process over time (${reason}); shown here side by side as processes anyway. The Compare tab reads them over time.`;
  appendTo(panel,
    el('p', { className: 'hint fleet-layout', id: 'fleet-layout', data: { layout: fleet.layout }, textContent: guess }),
    el('h2', { textContent: 'Processes unlike the others' }),
    findingList(fleet, setState),
    el('h2', { textContent: `Goroutines per group and process (grouped by ${fleet.groupBy})` }),
    heatMap(fleet),
    el('h2', { textContent: 'Processes, most unlike the others first' }),
    processTable(fleet, setState));
}
