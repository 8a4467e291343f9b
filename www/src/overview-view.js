// Overview: per dump, what it is, the crash facts, the totals, and the annotations by
// severity with their evidence, each linking to the groups or records it is about.

import { el } from './element.js';
import { bytes, count, nanoseconds } from './format.js';
import { statesByCount } from './summary.js';
import { frameLine } from './frame-view.js';
import { groupNameText, nameNode } from './names.js';
import { loadSourceLinks } from './source-links.js';
import { evidenceList } from './evidence-view.js';
import { incidentSummary, mergedFindings } from './incident-summary.js';

const SEVERITIES = ['critical', 'warning', 'info'];

/** The filters a link into the Goroutines (or another) view clears. */
const NO_FILTERS = { q: '', state: '', minWait: 0, hideRuntime: false, annotation: -1, creator: -1 };

function stateTable(states, total) {
  const body = el('tbody');
  for (const [state, n] of states) {
    const bar = el('span', { className: 'bar' });
    // A CSSOM property, not a style attribute: allowed by the strict CSP.
    bar.style.inlineSize = `${total ? (100 * n) / total : 0}%`;
    body.append(el('tr', { data: { state, count: n } },
      el('th', { scope: 'row', textContent: state }),
      el('td', { className: 'count', textContent: count(n) }),
      el('td', { className: 'share' }, bar)));
  }
  return el('table', { className: 'states' },
    el('caption', { className: 'visually-hidden', textContent: 'Goroutines per state' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', textContent: 'State' }),
      el('th', { scope: 'col', textContent: 'Goroutines' }),
      el('th', { scope: 'col', textContent: 'Share' }))),
    body);
}

function fact(label, value, testid) {
  const strong = el('strong', { textContent: value });
  if (testid) strong.dataset.testid = testid;
  return el('div', { className: 'fact' }, el('span', { className: 'label', textContent: label }), strong);
}

/**
 * The goroutine that crashed, right under the messages: its stack (its group's frames, then
 * its own once the worker answers) and a link to its group in the Goroutines view.
 */
function crashedGoroutine(goroutines, profileIndex, navigate, analyzer) {
  const crashed = goroutines.crash?.crashedGoroutine;
  if (!crashed) return null;
  // Its stack was cut before its end: in no group, its frames read are its `cutOff` entry's.
  if (crashed.cut) {
    const cut = (goroutines.cutOff ?? []).find((g) => g.id === crashed.id && !g.above);
    const links = loadSourceLinks();
    return el('section', { className: 'crashed-goroutine', attrs: { 'aria-label': 'Crashed goroutine' } },
      el('p', { className: 'crashed-head' },
        el('span', { className: 'label', textContent: 'crashed in' }),
        el('strong', { textContent: `goroutine ${crashed.id}` }),
        el('span', { className: 'badge', textContent: 'stack cut' })),
      el('ol', { className: 'stack', attrs: { 'aria-label': `Frames read of goroutine ${crashed.id}, innermost first` } },
        ...(cut?.frames ?? []).map((f) => frameLine(f, links))));
  }
  // The page's report holds the largest groups only (maxGroups): a crash in another one
  // shows the goroutine's own stack once the worker sends it.
  const group = goroutines.groups[crashed.group] ?? null;
  const links = loadSourceLinks();
  const stack = el('ol', { className: 'stack', attrs: { 'aria-label': `Stack of goroutine ${crashed.id}, innermost first` } },
    ...(group?.frames ?? []).map((f) => frameLine(f, links)));
  // A coarse grouping (top N frames) keeps only part of the stack: ask for the goroutine's own.
  analyzer?.query('groupMembers', profileIndex, crashed.group, 0, Math.min(group?.count ?? 200, 200))
    .then((members) => {
      const own = members.find((m) => m.id === crashed.id);
      if (own && own.frames.length > 0) stack.replaceChildren(...own.frames.map((f) => frameLine(f, links)));
    })
    .catch(() => { /* The group's frames stay. */ });
  // `go test`'s alarm raised a timeout panic: the timer that fired, not where it went wrong.
  const timer = crashed.testTimer === true;
  return el('section', { className: 'crashed-goroutine', attrs: { 'aria-label': timer ? 'Goroutine that raised the timeout' : 'Crashed goroutine' } },
    el('p', { className: 'crashed-head' },
      el('span', { className: 'label', textContent: timer ? 'timeout raised by' : 'crashed in' }),
      el('strong', { textContent: `goroutine ${crashed.id}` }),
      timer ? el('span', { className: 'badge test-timer', textContent: 'test timer', title: 'go test\u2019s -timeout alarm: the timer that fired, not the fault' }) : null,
      group?.state ? el('span', { className: 'badge', data: { state: group.state }, textContent: group.state }) : null,
      el('button', {
        type: 'button', className: 'link crashed-group-link', data: { group: crashed.group },
        textContent: `${group ? groupNameText(group, group.frames?.[0]) : `group ${crashed.group}`} in Goroutines`,
        title: `group ${crashed.group}`,
        on: { click: () => navigate({ view: 'goroutines', profile: profileIndex, group: crashed.group, ...NO_FILTERS }) },
      })),
    stack);
}

/**
 * The goroutines the end of the input cut off (`cutOff`: not grouped, not in the total),
 * each with the frames read before it ended: in a paste cut short, often the one that
 * crashed; and one the input starts inside of (`above`), its header cut off.
 */
function cutOffGoroutines(goroutines, debug1 = false) {
  const cut = goroutines?.cutOff ?? [];
  if (cut.length === 0) return null;
  const links = loadSourceLinks();
  return el('section', { className: 'cut-off', attrs: { 'aria-label': 'Goroutines the input cut off' } },
    ...cut.map((g) => {
      const name = g.above && debug1 ? 'a record whose count line is above the input\u2019s first line'
        : g.above ? 'a goroutine whose header is above the input\u2019s first line'
        : g.id === null || g.id === undefined ? 'a record' : `goroutine ${g.id}`;
      return el('div', { className: 'cut-off-goroutine' },
        el('p', { className: 'cut-off-head' },
          el('span', { className: 'label', textContent: g.above ? 'cut above' : 'cut off' }),
          el('strong', { textContent: name }),
          g.state ? el('span', { className: 'badge', data: { state: g.state }, textContent: g.state }) : null,
          el('span', { className: 'hint', textContent: `line ${count(g.line)}, ${count(g.frames.length)} ${g.frames.length === 1 ? 'frame' : 'frames'} read` })),
        el('ol', { className: 'stack', attrs: { 'aria-label': `Frames read of ${name}, innermost first` } },
          ...g.frames.map((f) => frameLine(f, links))));
    }));
}

/**
 * The system stacks of the crash's threads (`threadStacks`: `goroutine 0 … [idle]:` and
 * `runtime stack:` sections of GOTRACEBACK=system or crash output), folded: they are not
 * goroutines, but say what each thread (m) was doing when the program died.
 */
function threadStacks(goroutines) {
  const stacks = goroutines?.threadStacks ?? [];
  if (stacks.length === 0) return null;
  const links = loadSourceLinks();
  return el('details', { className: 'thread-stacks' },
    el('summary', { textContent: `${count(stacks.length)} thread ${stacks.length === 1 ? 'stack' : 'stacks'} (system stacks of the threads, not goroutines)` }),
    ...stacks.map((t) => el('div', { className: 'thread-stack' },
      el('p', { className: 'thread-head' }, el('code', { textContent: t.header })),
      el('ol', { className: 'stack', attrs: { 'aria-label': `${t.header} frames, innermost first` } },
        ...t.frames.map((f) => frameLine(f, links))))));
}

function crashFacts(goroutines, profileIndex, navigate, analyzer) {
  const crash = goroutines?.crash;
  if (!crash) return null;
  const list = el('div', { className: 'crash', attrs: { role: 'group', 'aria-label': 'Crash' } });
  for (const p of crash.panics ?? []) {
    const flags = [p.recovered ? 'recovered' : '', p.repanicked ? 'repanicked' : ''].filter(Boolean).join(', ');
    list.append(el('p', { className: 'panic' },
      el('span', { className: 'label', textContent: 'panic' }),
      el('code', { className: 'message', textContent: p.message }),
      flags ? el('span', { className: 'tag', textContent: flags }) : null));
  }
  for (const message of crash.fatalErrors ?? []) {
    list.append(el('p', { className: 'panic' }, el('span', { className: 'label', textContent: 'fatal error' }), el('code', { className: 'message', textContent: message })));
  }
  // A signal each thread printed (`SIGQUIT: quit` before each thread stack) shows once,
  // with how many times.
  for (const { signal, times } of crash.signalCounts ?? []) {
    list.append(el('p', {}, el('span', { className: 'label', textContent: 'signal' }), el('code', { textContent: signal }),
      times > 1 ? el('span', { className: 'tag', textContent: `×${times}` }) : null));
  }
  list.append(crashedGoroutine(goroutines, profileIndex, navigate, analyzer) ?? '');
  for (const message of crash.runtimeMessages ?? []) {
    list.append(el('p', {}, el('span', { className: 'label', textContent: 'runtime' }), el('code', { textContent: message })));
  }
  if (crash.exitStatus !== null && crash.exitStatus !== undefined) {
    list.append(el('p', {}, el('span', { className: 'label', textContent: 'exit status' }), el('code', { textContent: String(crash.exitStatus) })));
  }
  list.append(threadStacks(goroutines) ?? '');
  return list.childElementCount > 0 ? list : null;
}

function goroutineFacts(g) {
  return el('div', { className: 'facts-grid' },
    fact('goroutines', count(g.total), 'total-text'),
    fact('groups', count(g.groupsTotal ?? g.groups.length)),
    g.partial ? fact('cut off', count(g.partial)) : null,
    g.leaked ? fact('leaked', count(g.leaked)) : null,
    g.lockedToThread ? fact('locked to thread', count(g.lockedToThread)) : null,
    g.withLabels ? fact('with labels', count(g.withLabels)) : null,
    g.truncated ? fact('dump', 'truncated') : null);
}

function heapFacts(heap, headerCut = false) {
  const t = heap.totals.unsampled;
  return el('div', { className: 'facts-grid' },
    fact('in use', bytes(t.inuse_space)),
    fact('in-use objects', count(t.inuse_objects)),
    heap.hasAlloc ? fact('allocated', bytes(t.alloc_space)) : null,
    heap.hasAlloc ? fact('allocations', count(t.alloc_objects)) : null,
    fact('records', count(heap.records.length)),
    fact('sampling', heap.sampled ? `1 per ${bytes(heap.samplingRate)}` : headerCut ? 'unknown (header cut)' : 'every allocation'));
}

function contentionFacts(c) {
  return el('div', { className: 'facts-grid' },
    fact('contentions', count(c.totals.contentions)),
    fact('delay', nanoseconds(c.totals.delay)),
    fact('records', count(c.records.length)));
}

/** Where an annotation's `groups` indices lead for a profile of `kind`. */
function targetView(kind) {
  if (kind === 'goroutine') return { view: 'goroutines', noun: 'group' };
  if (kind === 'compare') return { view: 'compare', noun: 'group' };
  if (kind === 'heap') return { view: 'heap', noun: 'record', heapTable: 'records' };
  if (kind === 'threadcreate') return null;
  if (kind === 'cpu' || kind === 'samples') return { view: 'cpu', noun: 'function' };
  if (kind === 'race') return { view: 'race', noun: 'report' };
  return { view: 'contention', noun: 'record' };
}

/** How many links to single groups an annotation shows before "all N groups". */
const GROUP_LINKS = 12;

/** Moves to the finding card `index` of the same list (a chain's or a cycle's link). */
function showFinding(from, index) {
  const scope = from.closest('.profile, .view-compare') ?? document;
  const card = scope.querySelector(`li.annotation[data-annotation="${index}"]`);
  if (!card) return;
  const folded = card.querySelector(':scope > details');
  if (folded) folded.open = true;
  card.scrollIntoView({ block: 'nearest' });
  card.focus({ preventScroll: true });
}

/** A link to finding `index` of the same profile, labelled by `label` (DOM nodes). */
function findingLink(index, label, title) {
  const button = el('button', { type: 'button', className: 'link finding-link', data: { finding: index }, title }, label);
  button.addEventListener('click', () => showFinding(button, index));
  return button;
}

/**
 * A bottleneck's place among the other findings: the pile-up its holders wait in
 * (`blockedBy`) and, for a deadlock, the cycle of findings it is part of (`cycle`), each a
 * link to that finding's card. Null when the finding is neither in a chain nor a cycle.
 */
function bottleneckLinks(bottleneck, findings) {
  if (!bottleneck || !findings) return null;
  const resource = (i) => {
    const name = findings[i]?.bottleneck?.resource?.name;
    return name ? nameNode({ function: name }, 'resource-name') : `finding ${i + 1}`;
  };
  const parts = [];
  const cycle = bottleneck.cycle ?? [];
  if (cycle.length > 0) {
    const chain = [...cycle, cycle[0]];
    parts.push(el('p', { className: 'chain cycle', data: { cycle: cycle.join(' ') } },
      el('span', { className: 'label', textContent: 'deadlock cycle' }),
      ...chain.flatMap((i, k) => [k > 0 ? el('span', { className: 'arrow', textContent: '→', attrs: { 'aria-hidden': 'true' } }) : '',
        findingLink(i, resource(i), findings[i]?.title ?? '')])));
  }
  const behind = bottleneck.blockedBy;
  if (behind !== undefined && behind !== null && findings[behind] && !cycle.includes(behind)) {
    parts.push(el('p', { className: 'chain blocked-by' },
      el('span', { className: 'label', textContent: 'its holders wait behind' }),
      findingLink(behind, findings[behind].title, findings[behind].title)));
  }
  return parts.length > 0 ? el('div', { className: 'chains' }, ...parts) : null;
}

/**
 * One annotation: severity, title, detail, evidence, links to what it points at. `index`
 * is its place in the profile's `annotations`: with it, a goroutine annotation about
 * several groups also links to the Goroutines view showing all of them (the page's report
 * lists at most `maxGroups` of their ids; `groupsTotal` says how many there are).
 * `context`: `groupName(id)` names a group for its links (the report's `groups[].name`;
 * "group N" without one), `findings` are the profile's annotations (for a bottleneck's
 * `blockedBy` and `cycle` links), and `compact` shows the head line alone with the rest
 * behind a click (Compare, where the table matters more).
 */
export function annotationItem(annotation, profileIndex, kind, navigate, index = -1, context = {}) {
  const { groupName = () => null, findings = null, compact = false } = context;
  const target = targetView(kind);
  const open = (id) => navigate({ view: target.view, profile: profileIndex, group: id, ...(target.heapTable ? { heapTable: target.heapTable } : {}), ...NO_FILTERS });
  const ids = annotation.groups ?? [];
  const total = annotation.groupsTotal ?? ids.length;
  const all = kind === 'goroutine' && index >= 0 && total > 1
    ? el('button', {
      type: 'button', className: 'link all-groups', data: { annotation: index, groups: total },
      textContent: `all ${count(total)} groups`,
      on: { click: () => navigate({ view: 'goroutines', profile: profileIndex, ...NO_FILTERS, group: -1, annotation: index }) },
    })
    : null;
  const groupLabel = (id) => groupName(id) ?? `${target.noun} ${id}`;
  // Two groups of one name (the same function at two lines) keep their numbers apart.
  const shown = ids.slice(0, GROUP_LINKS).map(groupLabel);
  const linkLabel = (id, i) => (shown.indexOf(shown[i]) !== shown.lastIndexOf(shown[i]) && groupName(id) ? `${shown[i]} (${target.noun} ${id})` : shown[i]);
  const links = target && ids.length
    ? el('p', { className: 'targets' }, ...ids.slice(0, GROUP_LINKS).map((id, i) =>
      el('button', {
        type: 'button', className: 'link', textContent: linkLabel(id, i),
        title: `${target.noun} ${id}`,
        data: { group: id },
        on: { click: () => open(id) },
      })),
    total > GROUP_LINKS && !all ? el('span', { textContent: `… ${count(total - GROUP_LINKS)} more` }) : null,
    all)
    : null;
  const head = [
    el('span', { className: 'severity', textContent: annotation.severity }),
    el('strong', { className: 'title', textContent: annotation.title }),
    el('code', { className: 'rule', textContent: annotation.rule })];
  const body = [
    annotation.detail ? el('p', { className: 'detail', textContent: annotation.detail }) : null,
    bottleneckLinks(annotation.bottleneck, findings),
    evidenceList(annotation.evidence, { linkGroup: target && (kind === 'goroutine' || kind === 'compare') ? open : null, groupName: groupLabel }),
    links,
    mergedFindings(annotation, (m) => annotationItem(m, profileIndex, kind, navigate, -1, { groupName })) ?? ''];
  const item = el('li', {
    className: `annotation severity-${annotation.severity}${compact ? ' compact' : ''}`,
    data: { rule: annotation.rule, severity: annotation.severity, ...(index >= 0 ? { annotation: index } : {}) },
    attrs: { tabindex: '-1' },
  });
  if (compact) {
    // One line until opened: the title cut to the width, the rest on a click.
    item.append(el('details', { className: 'annotation-more' },
      el('summary', { className: 'annotation-head' }, ...head),
      ...body.filter(Boolean)));
  } else {
    item.append(el('div', { className: 'annotation-head' }, ...head), ...body.filter(Boolean));
  }
  return item;
}

/** `id` → the group's name as the report gives it (`groups[].name`), for links; null when not listed. */
export function groupNamer(groups) {
  const byId = new Map((groups ?? []).map((g) => [g.id, g]));
  return (id) => (byId.has(id) ? groupNameText(byId.get(id), byId.get(id).frames?.[0]) : null);
}

function annotationsSection(annotations, profileIndex, kind, navigate, groups) {
  if (!annotations?.length) return null;
  const context = { groupName: groupNamer(groups), findings: annotations };
  const section = el('section', { className: 'annotations', attrs: { 'aria-label': 'Annotations' } });
  for (const severity of SEVERITIES) {
    const items = annotations.filter((a) => a.severity === severity);
    if (items.length === 0) continue;
    section.append(el('ul', { className: `annotation-list severity-${severity}` },
      ...items.map((a) => annotationItem(a, profileIndex, kind, navigate, annotations.indexOf(a), context))));
  }
  return section;
}

function diagnosticsList(diagnostics) {
  if (!diagnostics?.length) return null;
  const shown = diagnostics.slice(0, 50);
  return el('details', { className: 'diagnostics' },
    el('summary', { textContent: `${count(diagnostics.length)} line${diagnostics.length === 1 ? '' : 's'} not understood` }),
    el('ul', {}, ...shown.map((d) => el('li', {}, el('span', { className: 'line', textContent: `line ${d.line}` }), ' ', el('span', { textContent: d.message })))),
    diagnostics.length > shown.length ? el('p', { textContent: `… and ${count(diagnostics.length - shown.length)} more` }) : null);
}

function profileCard(profile, index, navigate, analyzer) {
  const g = profile.goroutines;
  const states = statesByCount(g?.states);
  return el('article', { className: 'profile card', data: { kind: profile.kind, profile: index } },
    el('h2', { textContent: [`${profile.kind} dump`, profile.format].filter(Boolean).join(' · ') }),
    ...(profile.pprof?.notes ?? []).map((note) => el('p', { className: 'hint pprof-note', textContent: note })),
    profile.headerCutNote ? el('p', { className: 'hint header-cut', textContent: profile.headerCutNote }) : null,
    g ? el('p', { className: 'headline' },
      el('strong', { className: 'total', textContent: count(g.total), data: { testid: 'total', value: g.total } }),
      ' goroutines') : null,
    crashFacts(g, index, navigate, analyzer),
    cutOffGoroutines(g, profile.format === 'debug=1'),
    annotationsSection(profile.annotations, index, profile.kind, navigate, g?.groups),
    g ? goroutineFacts(g) : null,
    profile.heap ? heapFacts(profile.heap, profile.headerCut) : null,
    profile.contention ? contentionFacts(profile.contention) : null,
    profile.threadcreate ? el('div', { className: 'facts-grid' }, fact('threads created', count(profile.threadcreate.total))) : null,
    states.length > 0 ? stateTable(states, g.total) : null,
    diagnosticsList(profile.diagnostics));
}

/**
 * Renders the overview of `report` into `container`; `analyzer` (optional) is asked for
 * the crashed goroutine's own frames.
 */
export function renderOverview(container, report, meta, navigate, analyzer = null) {
  const diagnostics = (report.diagnostics?.length ?? 0)
    + report.profiles.reduce((sum, p) => sum + (p.diagnostics?.length ?? 0), 0);
  const diagnosticsNode = el('span', {
    textContent: `${count(diagnostics)} diagnostic${diagnostics === 1 ? '' : 's'}`,
    data: { testid: 'diagnostics', value: diagnostics },
  });
  const facts = el('p', { className: 'facts' },
    `${report.profiles.length} dump${report.profiles.length === 1 ? '' : 's'} found · `,
    diagnosticsNode,
    meta?.elapsedMs !== undefined ? ` · analysed in ${meta.elapsedMs.toFixed(0)} ms` : '',
    report.logPrefix ? ` · ${report.logPrefix} log prefix removed` : '',
    report.mainModule ? ' · own code: ' : '',
    report.mainModule ? el('code', { textContent: report.mainModule }) : null);
  container.replaceChildren(incidentSummary(report, navigate) ?? '', facts,
    ...report.profiles.map((p, i) => profileCard(p, i, navigate, analyzer)),
    diagnosticsList(report.diagnostics) ?? '');
}
