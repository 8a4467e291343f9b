// The incident summary on top of the Overview: the report's own sentences (the core
// ranks the bottlenecks and writes them), and one link per ranked finding to the
// goroutines it is about. Nothing here is derived from the dump.

import { el } from './element.js';
import { count } from './format.js';

/** The filters a link into the Goroutines view clears (as the Overview's links do). */
const NO_FILTERS = { q: '', state: '', minWait: 0, hideRuntime: false, annotation: -1, creator: -1 };

/**
 * The summary section of `report` (`report.summary`), or null when the report has none.
 * Each ranked finding links to the Goroutines view filtered to it.
 */
export function incidentSummary(report, navigate) {
  const summary = report.summary;
  if (!summary?.text) return null;
  // Several inputs: one entry per problem (the core said it once, naming its dumps);
  // else one per ranked finding.
  const entries = summary.problems?.length
    ? summary.problems.map((problem) => ({ at: problem.findings[0], dumps: problem.dumps }))
    : (summary.findings ?? []).map((at) => ({ at, dumps: [] }));
  const links = entries.map(({ at: { profile, annotation }, dumps }) => {
    const a = report.profiles[profile]?.annotations?.[annotation];
    if (!a) return null;
    const goroutines = report.profiles[profile]?.kind === 'goroutine';
    const label = el('span', { className: 'severity', textContent: a.severity });
    const title = goroutines
      ? el('button', {
        type: 'button', className: 'link', textContent: a.title,
        data: { profile, annotation },
        on: { click: () => navigate({ view: 'goroutines', profile, ...NO_FILTERS, group: -1, annotation }) },
      })
      : el('span', { textContent: a.title });
    const where = dumps.length ? el('span', { className: 'hint incident-dumps', textContent: ` in ${dumpList(dumps)}` }) : null;
    return el('li', { className: `severity-${a.severity}` }, label, ' ', title, where);
  }).filter(Boolean);
  const worst = links.find((li) => li.classList.contains('severity-critical')) ? 'critical'
    : links.find((li) => li.classList.contains('severity-warning')) ? 'warning' : 'info';
  return el('section', { className: `incident-summary severity-${worst}`, data: { testid: 'incident-summary' }, attrs: { 'aria-label': 'Incident summary' } },
    el('p', { className: 'incident-text', textContent: summary.text }),
    links.length > 0 ? el('ol', { className: 'incident-findings' }, ...links) : null);
}

/** `a`, `a and b`, `a and 3 more dumps`: the dumps a problem is in (their full list is
 * in the summary's text). */
function dumpList(dumps) {
  if (dumps.length <= 2) return dumps.join(' and ');
  return `${dumps[0]} and ${count(dumps.length - 1)} more dumps`;
}

/**
 * The findings of other rules folded into `annotation` (its `merged` list: the same
 * goroutines, one problem), each rendered by `render` as a card of its own, in a
 * collapsed "also found by" section; null when there are none.
 */
export function mergedFindings(annotation, render) {
  const merged = annotation.merged ?? [];
  if (merged.length === 0) return null;
  const rules = merged.map((m) => m.rule).join(', ');
  return el('details', { className: 'merged-findings' },
    el('summary', { textContent: `also found by ${merged.length} rule${merged.length === 1 ? '' : 's'}: ${rules}` }),
    el('ul', { className: 'annotation-list' }, ...merged.map((m) => render(m))));
}
