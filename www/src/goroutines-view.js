// Goroutines: groups by count, filters, and each group expandable to its full stack,
// its creators and its member goroutines (paged from the worker).

import { appendTo, el } from './element.js';
import { count, plural, waitRange, withUnit } from './format.js';
import { groupQuery, sameQuery } from './group-filter.js';
import { GroupPages } from './group-pages.js';
import { frameLine, keyFrame, originLegend } from './frame-view.js';
import { VirtualList } from './virtual-list.js';
import { fullNames, groupNameNode, setFullNames } from './names.js';

const PAGE = 20;
const GROUPINGS = [
  ['lines', 'function + line'],
  ['functions', 'function'],
  ['exact', 'exact (with arguments)'],
  ['top:1', 'top frame'],
  ['top:3', 'top 3 frames'],
];

function labelChips(labels) {
  const sets = (labels ?? []).filter((l) => l.labels);
  if (sets.length === 0) return null;
  const chips = Object.entries(sets[0].labels).slice(0, 4).map(([k, v]) =>
    el('span', { className: 'chip', textContent: `${k}=${v}`, title: `${k}=${v}` }));
  if (sets.length > 1) chips.push(el('span', { className: 'chip more', textContent: `+${sets.length - 1} sets` }));
  return el('span', { className: 'chips' }, ...chips);
}

function stateBadge(state) {
  return state ? el('span', { className: 'badge', data: { state }, textContent: state }) : null;
}

/** The view state of no filter at all. */
const NO_FILTERS = { q: '', state: '', minWait: 0, hideRuntime: false, annotation: -1, creator: -1 };

/** The active filters of a group query, in words: `search “fetch”`, `state chan send`. */
function filterWords(query, profile) {
  const words = [];
  if (query.search) words.push(`search “${query.search}”`);
  for (const state of query.states) words.push(`state ${state}`);
  if (query.minWait > 0) words.push(`wait ≥ ${query.minWait} min`);
  if (query.hideRuntime) words.push('runtime-internal hidden');
  if (query.annotation !== undefined) words.push(`finding “${profile?.annotations?.[query.annotation]?.title ?? query.annotation}”`);
  if (query.createdBy !== undefined) words.push(`created at ${profile?.goroutines?.createdBy?.[query.createdBy]?.site?.function ?? query.createdBy}`);
  return words;
}

/** A crash dump: its crashed goroutine pinned above the list, one click from its group. */
function crashPin(goroutines, open) {
  const crashed = goroutines.crash?.crashedGoroutine;
  if (!crashed || crashed.group === null || crashed.group === undefined) return null;
  const group = goroutines.groups[crashed.group];
  return el('p', { className: 'pinned-crash', data: { testid: 'crashed-pin' } },
    el('span', { className: 'tag crashed', textContent: 'crashed' }),
    el('strong', { textContent: `goroutine ${crashed.id}` }),
    group ? groupNameNode(group, keyFrame(group.frames), 'fn') : null,
    el('button', { type: 'button', className: 'link', textContent: `open group ${crashed.group}`, on: { click: () => open(crashed.group) } }));
}

/** What an opened debug=1 record is: its count of goroutines, not a list of them. */
function recordNote(group) {
  return el('p', { className: 'hint record-note', data: { testid: 'record-note' } },
    `${plural(group.count, 'goroutine')} with this stack. A debug=1 profile lists each stack once with its count: `
    + 'take a debug=2 dump for goroutine ids, states and wait times.');
}

export class GoroutinesView {
  #analyzer;
  #links;
  #setState;
  #navigate;
  #list;
  /** The view's elements, kept while the same profile is shown (typing keeps its focus). */
  #root = null;
  #profile = null;
  #profileIndex = 0;
  /** The groups of the current filters, paged from the worker. */
  #pages = null;
  #query = null;
  /** Counts each new query, so a late answer for old filters is dropped. */
  #generation = 0;
  #expanded = new Set();
  /** Per group id: `{ members: [], done, creators: Map(parentId → group) }`. */
  #details = new Map();
  #toolbar;
  #summary;
  /** "N groups hidden by filters — clear", shown while a filter hides groups. */
  #hidden;
  /** Why the list is empty, shown instead of an empty box. */
  #empty;

  constructor({ analyzer, links, setState, navigate }) {
    this.#analyzer = analyzer;
    this.#links = links;
    this.#setState = setState;
    this.#navigate = navigate;
    this.#list = new VirtualList({ estimate: 52, label: 'Goroutine groups', renderRow: (i) => this.#row(i) });
    this.#list.element.addEventListener('keydown', (event) => this.#onKey(event));
  }

  /** Called when a new report (or a regrouped one) arrives: forget groups and expansions. */
  reset() {
    this.#expanded.clear();
    this.#details.clear();
    this.#pages?.close();
    this.#pages = null;
    this.#query = null;
    this.#generation += 1;
    this.#root = null;
    this.#profile = null;
  }

  render(container, profile, profileIndex, state) {
    if (this.#root === null || this.#profile !== profile || this.#profileIndex !== profileIndex) {
      this.reset();
      this.#profile = profile;
      this.#profileIndex = profileIndex;
      this.#toolbar = this.#buildToolbar(profile.goroutines, state);
      // Shown once the first page of groups is in: until then there is nothing to count.
      this.#summary = el('p', { className: 'list-summary', hidden: true, attrs: { role: 'status' }, data: { testid: 'group-summary' } });
      this.#hidden = el('p', { className: 'hidden-by-filters', hidden: true, data: { testid: 'hidden-by-filters' } });
      this.#empty = el('p', { className: 'empty-list', hidden: true, data: { testid: 'empty-groups' } });
      // A debug=1 profile: records (a stack and a count), no ids, states or waits.
      this.#root = el('div', { className: `goroutines${this.#records() ? ' records' : ''}` },
        this.#toolbar.element, el('div', { className: 'list-head' }, this.#summary, originLegend()),
        this.#hidden, crashPin(profile.goroutines, (group) => this.#setState({ ...NO_FILTERS, group })),
        this.#empty, this.#list.element);
      this.#list.setCount(0);
    } else {
      this.#toolbar.update(state);
    }
    container.replaceChildren(this.#root);
    if (state.group >= 0) this.#expanded.add(state.group);
    const query = groupQuery(profileIndex, state, profile.annotations, profile.goroutines.createdBy);
    if (!sameQuery(query, this.#query) || state.group >= 0) {
      this.#load(query, state.group);
    } else {
      // Back on this tab: the list was out of the document and lost its scroll position.
      this.#list.refresh();
    }
  }

  /** Whether the profile lists records (debug=1: one stack with a count) instead of goroutines. */
  #records() {
    return this.#profile?.format === 'debug=1';
  }

  /** Asks the worker for the groups of `query` (and where group `focus` is among them). */
  async #load(query, focus) {
    const generation = ++this.#generation;
    const pages = new GroupPages(this.#analyzer, query, () => {
      if (this.#pages === pages) this.#list.refresh();
    });
    let focusIndex = -1;
    try {
      focusIndex = await pages.open(focus);
    } catch (error) {
      pages.close();
      if (generation === this.#generation) {
        this.#summary.hidden = false;
        this.#summary.replaceChildren(`Could not filter the groups: ${error.message}`);
      }
      return;
    }
    if (generation !== this.#generation) {
      pages.close();
      return;
    }
    this.#pages?.close();
    this.#pages = pages;
    this.#query = query;
    const total = this.#profile.goroutines.total;
    this.#summary.hidden = false;
    this.#summary.dataset.shown = String(pages.matched);
    this.#summary.dataset.total = String(pages.total);
    this.#summary.replaceChildren(
      `${count(pages.matched)} of ${count(pages.total)} groups · ${count(pages.matchedGoroutines)} of ${count(total)} goroutines`);
    this.#list.setCount(pages.matched);
    this.#showFilterEffect(query, pages);
    if (focusIndex >= 0) {
      this.#list.scrollToIndex(focusIndex);
      this.#list.rowElement(focusIndex)?.querySelector('.group-head')?.focus({ preventScroll: true });
    }
  }

  /** Says what the active filters hide (with a button clearing them) and why an empty list is empty. */
  #showFilterEffect(query, pages) {
    const active = filterWords(query, this.#profile);
    const hidden = pages.total - pages.matched;
    const clear = () => el('button', {
      type: 'button', className: 'link', textContent: 'clear',
      on: { click: () => this.#setState({ ...NO_FILTERS, group: -1 }) },
    });
    this.#hidden.hidden = active.length === 0 || hidden === 0;
    this.#hidden.replaceChildren(...(this.#hidden.hidden ? [] : [`${plural(hidden, 'group')} hidden by filters (${active.join(', ')}) — `, clear()]));
    this.#empty.hidden = pages.matched > 0;
    this.#list.element.hidden = pages.matched === 0;
    if (pages.matched > 0) return;
    this.#empty.replaceChildren(...(active.length > 0
      ? [`No group matches ${active.join(', ')}. `, clear()]
      : [pages.total === 0 ? 'This dump lists no goroutines.' : 'No groups.']));
  }

  /** The filters; `update(state)` shows a state set elsewhere (a link cleared them). */
  #buildToolbar(goroutines, state) {
    const search = el('input', {
      type: 'search', value: state.q, placeholder: 'function, file or label', id: 'group-search',
      attrs: { 'aria-label': 'Search groups by function, file or label' },
    });
    let timer = 0;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      const q = search.value;
      timer = setTimeout(() => {
        timer = 0;
        this.#setState({ q, group: -1 });
      }, 120);
    });
    const stateSelect = el('select', { id: 'state-filter', attrs: { 'aria-label': 'Filter by state' } },
      el('option', { value: '', textContent: 'all states' }),
      ...Object.entries(goroutines.states ?? {}).map(([name, n]) =>
        el('option', { value: name, textContent: `${name} (${count(n)})`, selected: name === state.state })));
    stateSelect.addEventListener('change', () => this.#setState({ state: stateSelect.value, group: -1 }));
    const minWait = el('input', {
      type: 'number', min: '0', step: '1', value: String(state.minWait || ''), id: 'min-wait',
      placeholder: '0', attrs: { 'aria-label': 'Minimum wait in minutes' },
    });
    minWait.addEventListener('change', () => this.#setState({ minWait: Math.max(0, Number(minWait.value) || 0), group: -1 }));
    const names = el('input', { type: 'checkbox', checked: fullNames(), id: 'full-names' });
    names.addEventListener('change', () => {
      setFullNames(names.checked);
      this.#list.refresh();
    });
    const hide = el('input', { type: 'checkbox', checked: state.hideRuntime, id: 'hide-runtime' });
    hide.addEventListener('change', () => this.#setState({ hideRuntime: hide.checked, group: -1 }));
    const groupBy = el('select', { id: 'group-by', attrs: { 'aria-label': 'Grouping level' } },
      ...GROUPINGS.map(([value, label]) => el('option', { value, textContent: label, selected: value === state.groupBy })));
    // Regrouping renumbers the groups and remakes the annotations: the annotation filter goes.
    groupBy.addEventListener('change', () => this.#setState({ groupBy: groupBy.value, group: -1, annotation: -1, creator: -1 }));
    const annotations = this.#profile?.annotations ?? [];
    const sites = goroutines.createdBy ?? [];
    const annotationFilter = el('p', { className: 'annotation-filter', hidden: true, data: { testid: 'annotation-filter' } });
    const creatorFilter = el('p', { className: 'annotation-filter', hidden: true, data: { testid: 'creator-filter' } });
    const clear = (what) => el('button', {
      type: 'button', className: 'secondary', textContent: 'Show every group',
      on: { click: () => this.#setState({ [what]: -1, group: -1 }) },
    });
    const showFilters = ({ annotation: a, creator: c }) => {
      const annotation = Number.isInteger(a) && a >= 0 ? annotations[a] : undefined;
      annotationFilter.hidden = !annotation;
      annotationFilter.dataset.annotation = annotation ? String(a) : '';
      annotationFilter.replaceChildren(...(annotation ? [
        el('span', { className: 'label', textContent: 'only the groups of' }),
        el('span', { className: `severity severity-${annotation.severity}`, textContent: annotation.severity }),
        el('strong', { className: 'title', textContent: annotation.title }),
        clear('annotation')] : []));
      const site = Number.isInteger(c) && c >= 0 ? sites[c]?.site : undefined;
      creatorFilter.hidden = !site;
      creatorFilter.dataset.creator = site ? String(c) : '';
      creatorFilter.replaceChildren(...(site ? [
        el('span', { className: 'label', textContent: 'only the groups created by' }),
        el('code', { textContent: site.function }),
        el('span', { className: 'where', textContent: site.file ? `${site.file.split('/').pop()}:${site.line}` : '' }),
        clear('creator')] : []));
    };
    showFilters(state);
    const element = el('div', { className: 'toolbar', attrs: { role: 'search' } },
      search,
      stateSelect,
      el('label', { className: 'inline' }, 'wait ≥ ', minWait, ' min'),
      el('label', { className: 'inline' }, hide, ' hide runtime-internal'),
      el('label', { className: 'inline' }, 'group by ', groupBy),
      el('label', { className: 'inline', title: 'Show function names with their whole import path' }, names, ' full names'),
      annotationFilter,
      creatorFilter);
    const update = (next) => {
      // Text typed but not yet searched for stays (its debounce is pending); so does the
      // field being typed in.
      if (!timer && document.activeElement !== search && search.value !== next.q) search.value = next.q;
      stateSelect.value = next.state;
      if (document.activeElement !== minWait) minWait.value = String(next.minWait || '');
      hide.checked = next.hideRuntime;
      groupBy.value = next.groupBy;
      showFilters(next);
    };
    return { element, update };
  }

  #row(index) {
    const group = this.#pages?.get(index) ?? null;
    if (!group) {
      // Its page is on its way from the worker; the row is focusable so arrow keys go on.
      return el('div', { className: 'group-placeholder', attrs: { role: 'listitem' } },
        el('button', { type: 'button', className: 'group-head', attrs: { 'aria-label': 'Loading group' } },
          el('span', { className: 'count', textContent: '…' })));
    }
    const expanded = this.#expanded.has(group.id);
    const top = keyFrame(group.frames);
    const head = el('button', {
      type: 'button', className: 'group-head',
      attrs: { 'aria-expanded': expanded ? 'true' : 'false', 'aria-label': `${group.count} goroutines ${group.state ?? ''} in ${group.name?.text ?? top?.function ?? 'unknown'}` },
      on: { click: () => this.#toggle(group.id) },
    },
    el('span', { className: 'count', textContent: count(group.count) }),
    ...(this.#records() ? [] : [
      stateBadge(group.state),
      el('span', { className: 'wait', textContent: waitRange(group.waitMinutes) })]),
    el('span', { className: 'main' },
      groupNameNode(group, top, `fn origin-${top?.origin ?? 'unknown'}`),
      group.id === this.#profile.goroutines.crash?.crashedGoroutine?.group
        ? el('span', { className: 'tag crashed', textContent: 'crashed' }) : null,
      labelChips(group.labels)),
    el('span', { className: 'where', textContent: top?.file ? `${top.file.split('/').pop()}:${top.line}` : '' }));
    return el('div', {
      className: `group-row${expanded ? ' expanded' : ''}`,
      attrs: { role: 'listitem' },
      data: { group: group.id, count: group.count, state: group.state ?? '' },
    }, head, expanded ? this.#detail(group) : null);
  }

  #toggle(id) {
    if (this.#expanded.has(id)) {
      this.#expanded.delete(id);
      this.#setState({ group: -1 }, { silent: true });
    } else {
      this.#expanded.add(id);
      this.#setState({ group: id }, { silent: true });
    }
    this.#list.refresh();
  }

  #detail(group) {
    let details = this.#details.get(group.id);
    if (!details) {
      details = { members: [], done: false, loading: false, creators: new Map() };
      this.#details.set(group.id, details);
      if (!this.#records()) this.#loadMembers(group, details);
    }
    const states = Object.entries(group.states ?? {});
    const panel = el('div', { className: 'group-detail' });
    if (states.length > 1) {
      appendTo(panel, el('p', { className: 'states-line' }, 'states: ',
        ...states.map(([s, n]) => el('span', { className: 'chip', textContent: `${s} × ${count(n)}` }))));
    }
    const labelSets = (group.labels ?? []).filter((l) => l.labels);
    if (labelSets.length > 0) {
      appendTo(panel, el('div', { className: 'label-sets' }, el('h4', { textContent: 'Labels' }),
        el('ul', {}, ...labelSets.map((l) => el('li', {},
          ...Object.entries(l.labels).map(([k, v]) => el('span', { className: 'chip', textContent: `${k}=${v}` })),
          ` × ${count(l.count)}`)))));
    }
    appendTo(panel, el('h4', { textContent: 'Stack' }),
      el('ol', { className: 'stack', attrs: { 'aria-label': 'Stack, innermost first' } },
        ...group.frames.map((f) => frameLine(f, this.#links()))));
    const created = (group.createdBy ?? []).filter((c) => c.site);
    if (created.length > 0) {
      const creatorLinks = [...details.creators.entries()].filter(([, g]) => g !== null);
      appendTo(panel, el('h4', { textContent: 'Created by' }),
        el('ol', { className: 'stack created-by' },
          ...created.map((c) => frameLine(c.site, this.#links()))),
        this.#siteLinks(created),
        creatorLinks.length > 0
          ? el('p', { className: 'targets' }, 'creator: ',
            ...creatorLinks.map(([parent, g]) => el('button', {
              type: 'button', className: 'link creator-link', data: { group: g },
              textContent: `goroutine ${parent} → group ${g}`,
              on: { click: () => this.#navigate({ group: g, q: '', state: '', minWait: 0, hideRuntime: false, annotation: -1, creator: -1 }) },
            })))
          : null);
    }
    appendTo(panel, this.#records() ? recordNote(group) : this.#membersTable(group, details));
    return panel;
  }

  /**
   * Links to every group created at the same sites (the report's `createdBy`, whose group
   * ids the page's report cuts to the largest: the worker filters by site instead).
   */
  #siteLinks(created) {
    const sites = this.#profile.goroutines.createdBy ?? [];
    const same = (a, b) => a && b && a.function === b.function && a.file === b.file && a.line === b.line;
    const links = created.map((c) => {
      const index = sites.findIndex((s) => same(s.site, c.site));
      const groups = index >= 0 ? (sites[index].groupsTotal ?? sites[index].groups.length) : 0;
      return groups > 1
        ? el('button', {
          type: 'button', className: 'link site-groups', data: { creator: index, groups },
          textContent: `all ${count(groups)} groups created at ${c.site.function.split('/').pop()}`,
          on: { click: () => this.#navigate({ q: '', state: '', minWait: 0, hideRuntime: false, annotation: -1, group: -1, creator: index }) },
        })
        : null;
    }).filter(Boolean);
    return links.length > 0 ? el('p', { className: 'targets' }, ...links) : null;
  }

  #membersTable(group, details) {
    const body = el('tbody', {}, ...details.members.map((m) => el('tr', { data: { goroutine: m.id } },
      el('td', { textContent: m.id ? String(m.id) : '—' }),
      el('td', { className: m.state ? '' : 'missing', textContent: withUnit(m.state, 'state') }),
      el('td', { textContent: m.waitMinutes ? `${m.waitMinutes} min` : '' }),
      el('td', { textContent: m.labels ? Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(' ') : '' }),
      el('td', { textContent: m.createdBy?.parent ? `goroutine ${m.createdBy.parent}` : '' }),
      el('td', { className: 'num', textContent: String(m.line) }))));
    const table = el('table', { className: 'members' },
      el('caption', { textContent: `Goroutines (${count(details.members.length)} of ${count(group.count)} shown)` }),
      el('thead', {}, el('tr', {}, ...['id', 'state', 'wait', 'labels', 'parent', 'line'].map((h) => el('th', { scope: 'col', textContent: h })))),
      body);
    const more = !details.done
      ? el('button', {
        type: 'button', className: 'secondary more-members', textContent: details.loading ? 'Loading…' : `Show ${PAGE} more`,
        disabled: details.loading,
        on: { click: () => this.#loadMembers(group, details) },
      })
      : null;
    return el('div', { className: 'members-block' }, table, more);
  }

  async #loadMembers(group, details) {
    if (details.loading || details.done) return;
    details.loading = true;
    try {
      const page = await this.#analyzer.query('groupMembers', this.#profileIndex, group.id, details.members.length, PAGE);
      details.members.push(...page);
      details.done = page.length < PAGE || details.members.length >= group.count;
      const parents = [...new Set(page.map((m) => m.createdBy?.parent).filter((p) => p))].slice(0, 5);
      for (const parent of parents) {
        if (!details.creators.has(parent)) {
          details.creators.set(parent, await this.#analyzer.query('groupOfGoroutine', this.#profileIndex, parent));
        }
      }
    } catch (error) {
      details.done = true;
      console.warn('goroseer: members', error);
    } finally {
      details.loading = false;
    }
    this.#list.refresh();
  }

  /** Arrow keys move between group rows; Home/End jump. */
  #onKey(event) {
    const head = event.target.closest?.('.group-head');
    if (!head) return;
    const index = Number(head.closest('[data-index]').dataset.index);
    const last = (this.#pages?.matched ?? 0) - 1;
    const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(last, moves[event.key]));
    let row = this.#list.rowElement(next);
    if (!row) {
      this.#list.scrollToIndex(next);
      row = this.#list.rowElement(next);
    }
    row?.querySelector('.group-head')?.focus();
    row?.scrollIntoView({ block: 'nearest' });
  }
}
