// The result of an analysis: tabs (Overview, Goroutines, Heap, Contention, Charts) over
// the report, one profile at a time. Used by the page and by <goroseer-viewer>.

import { el } from './element.js';
import { renderOverview } from './overview-view.js';
import { GoroutinesView } from './goroutines-view.js';
import { PAGE_REPORT } from './analyzer.js';
import { count } from './format.js';
import { DEFAULT_STATE } from './view-state.js';
import { loadSourceLinks } from './source-links.js';

// The views a goroutine dump's first screen does not show (with the flame graph and the
// tables they use) are fetched from the page's own files when first opened: a quarter of
// the page's script bytes, kept out of the first load (budget 400 KB gzipped, README
// Speed). The offline file embeds them (crates/xtask/src/offline.rs checks every import).
const LAZY_VIEWS = {
  heap: () => import('./heap-view.js'),
  contention: () => import('./contention-view.js'),
  cpu: () => import('./cpu-view.js'),
  race: () => import('./race-view.js'),
  charts: () => import('./charts-view.js'),
  compare: () => import('./compare-view.js'),
  fleet: () => import('./fleet-view.js'),
  timeline: () => import('./timeline-view.js'),
};
/** The Markdown summary and the JSON download, used only when their buttons are pressed. */
const exportModule = () => import('./markdown-export.js');

/**
 * Fetches every view kept out of the first load, once the analyzer is ready and before any
 * dump is given: the page's static files are all loaded then, and nothing is requested
 * afterwards (the page keeps working with the network gone). Resolves when all are here.
 */
export function preloadViews() {
  return Promise.all([...Object.values(LAZY_VIEWS), exportModule].map((load) => load()));
}

const TABS = [
  ['overview', 'Overview', () => true],
  ['goroutines', 'Goroutines', (p) => Boolean(p?.goroutines)],
  ['heap', 'Heap', (p) => Boolean(p?.heap)],
  ['contention', 'Contention', (p) => Boolean(p?.contention)],
  ['cpu', 'Profile', (p) => Boolean(p?.cpu || p?.samples)],
  ['race', 'Races', (p) => Boolean(p?.race)],
  ['charts', 'Charts', (p) => Boolean(p?.goroutines || p?.heap || p?.contention || p?.threadcreate)],
  // The views across dumps: the report's `layout.views` says which apply (docs/json.md,
  // *Layout*): Compare (dumps of one kind to compare), Fleet (processes of one program),
  // Timeline (the dumps of one log).
  ['compare', 'Compare', (p, meta, report) => acrossViews(report).includes('compare')],
  ['fleet', 'Fleet', (p, meta, report) => acrossViews(report).includes('fleet')],
  ['timeline', 'Timeline', (p, meta, report) => acrossViews(report).includes('timeline')],
];

/** The views across dumps the report offers; a report without `layout` (one file's
 * `goroseer --json`) has only its own timeline, when it holds one. */
function acrossViews(report) {
  return report?.layout?.views ?? (report?.timeline?.length ? ['timeline'] : []);
}

export class Viewer {
  #root;
  #analyzer;
  #report = null;
  #meta = null;
  #state;
  #onStateChange;
  #goroutines;
  #tabBar;
  #panel;
  #profileSlot;
  #exportStatus;
  #pprofButton;
  #renderId = 0;
  /** The comparison of the current inputs, asked for once when the Compare tab opens. */
  #comparison = null;

  constructor(root, { analyzer, state = DEFAULT_STATE, onStateChange = () => {}, share = null, setRedact = null }) {
    this.#root = root;
    this.#analyzer = analyzer;
    this.#state = { ...state };
    this.#onStateChange = onStateChange;
    this.#goroutines = new GoroutinesView({
      analyzer,
      links: () => loadSourceLinks(),
      setState: (partial, options) => this.setState(partial, options),
      navigate: (partial) => this.setState(partial),
    });
    this.#tabBar = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } });
    this.#tabBar.addEventListener('keydown', (e) => this.#onTabKey(e));
    this.#profileSlot = el('span', { className: 'profile-pick' });
    this.#exportStatus = el('span', { className: 'hint', attrs: { role: 'status' } });
    const exports = el('span', { className: 'exports' },
      el('button', { type: 'button', className: 'secondary', id: 'copy-markdown', textContent: 'Copy Markdown', on: { click: () => this.#copyMarkdown() } }),
      el('button', { type: 'button', className: 'secondary', id: 'download-json', textContent: 'Download JSON', on: { click: () => this.#downloadJson() } }),
      this.#pprofButton = el('button', { type: 'button', className: 'secondary', id: 'download-pprof', textContent: 'Download as pprof', on: { click: () => this.#downloadPprof() } }),
      share ? shareControls(this, share, setRedact) : null,
      this.#exportStatus);
    this.#panel = el('div', { className: 'tab-panel', attrs: { role: 'tabpanel' }, id: `panel-${Math.random().toString(36).slice(2)}` });
    root.replaceChildren(el('div', { className: 'viewer-bar' }, this.#tabBar, this.#profileSlot, exports), this.#panel);
  }

  get report() { return this.#report; }
  get state() { return { ...this.#state }; }

  /**
   * Shows a new report. `fresh`: it comes from another input than the report shown before,
   * so the view state made on that one (tab, search, filters, open group, flame highlight)
   * goes; the user's preferences (grouping level, heap scale and table) stay. `state`: the
   * view state to open the report in (a link's), instead.
   */
  show(report, meta = {}, { fresh = false, state = null } = {}) {
    this.#report = report;
    this.#meta = meta;
    this.#comparison = null;
    this.#goroutines.reset();
    if (state) {
      this.#state = { ...DEFAULT_STATE, ...state };
      this.#onStateChange(this.state);
    } else if (fresh) {
      const { groupBy, scale, heapTable, redact } = this.#state;
      this.#state = { ...DEFAULT_STATE, groupBy, scale, heapTable, redact };
      this.#onStateChange(this.state);
    }
    if (this.#state.profile >= report.profiles.length) this.#state.profile = 0;
    // Open on the view the report says reads the inputs best (snapshots of one program:
    // Compare); a link's view stays.
    const open = report.layout?.open ?? 'overview';
    if (!state && this.#state.view === 'overview' && open !== 'overview') {
      this.#state = { ...this.#state, view: open };
      this.#onStateChange(this.state);
    }
    // An analysis made without the view's grouping level (grouped by `lines`): regroup.
    if (report.profiles.some((p) => p.goroutines && p.goroutines.groupBy !== this.#state.groupBy)) {
      this.#regroup(this.#state.groupBy);
      return;
    }
    this.render();
  }

  /** Changes the view state; `silent` skips re-rendering (the view already shows it). */
  setState(partial, { silent = false } = {}) {
    const before = this.#state;
    this.#state = { ...before, ...partial };
    this.#onStateChange(this.state);
    if (silent) return;
    if (partial.groupBy !== undefined && partial.groupBy !== before.groupBy) {
      this.#regroup(partial.groupBy);
      return;
    }
    this.render();
  }

  async #regroup(groupBy) {
    this.#panel.replaceChildren(el('p', { className: 'hint', textContent: 'Regrouping…' }));
    try {
      await this.#analyzer.query('regroup', groupBy);
      this.#report = await this.#analyzer.query('report', PAGE_REPORT);
    } catch (error) {
      this.#panel.replaceChildren(el('p', { className: 'error', textContent: `Could not regroup: ${error.message}` }));
      return;
    }
    this.#goroutines.reset();
    this.render();
  }

  #profile() {
    return this.#report?.profiles[this.#state.profile] ?? null;
  }

  #tabs() {
    const profile = this.#profile();
    return TABS.filter(([, , applies]) => applies(profile, this.#meta, this.#report));
  }

  #renderTabs() {
    // The tabs are made anew: the one in focus (clicked, or Enter) gives it to its successor.
    const hadFocus = this.#tabBar.contains(document.activeElement);
    const tabs = this.#tabs();
    if (!tabs.some(([id]) => id === this.#state.view)) this.#state.view = 'overview';
    this.#tabBar.replaceChildren(...tabs.map(([id, label]) => el('button', {
      type: 'button', className: 'tab', id: `${this.#panel.id}-${id}`, textContent: label,
      tabIndex: id === this.#state.view ? 0 : -1,
      data: { view: id },
      attrs: { role: 'tab', 'aria-selected': id === this.#state.view ? 'true' : 'false', 'aria-controls': this.#panel.id },
      on: { click: () => this.setState({ view: id, sort: '', group: -1 }) },
    })));
    this.#panel.setAttribute('aria-labelledby', `${this.#panel.id}-${this.#state.view}`);
    if (hadFocus) this.#tabBar.querySelector(`[data-view="${this.#state.view}"]`)?.focus();
    const profiles = this.#report.profiles;
    if (profiles.length > 1) {
      const pick = el('select', { id: 'profile-pick', attrs: { 'aria-label': 'Dump' } },
        ...profiles.map((p, i) => el('option', {
          value: String(i), selected: i === this.#state.profile,
          textContent: `${i + 1}. ${this.#report.layout?.dumps?.[i] ? `${this.#report.layout.dumps[i]} · ` : ''}${p.kind}${p.format ? ` ${p.format}` : ''}${p.goroutines ? ` · ${p.goroutines.total}` : ''}`,
        })));
      pick.addEventListener('change', () => this.setState({ profile: Number(pick.value), group: -1, sort: '', sample: '', annotation: -1, creator: -1 }));
      // One obvious place to switch between the inputs, each with its own views.
      this.#profileSlot.replaceChildren(el('label', { className: 'profile-label', htmlFor: 'profile-pick', textContent: `Dump (${profiles.length})` }), pick, this.#readingSwitch());
    } else {
      this.#profileSlot.replaceChildren();
    }
  }

  /** The core read the goroutine dumps of several inputs as a fleet or as snapshots (the
   * report's `layout`): a switch to read them the other way. */
  #readingSwitch() {
    const layout = this.#report.layout;
    if (!layout?.switchable) return null;
    const pick = el('select', { id: 'reading-pick', attrs: { 'aria-label': 'Read the dumps as' } },
      el('option', { value: 'snapshots', selected: layout.reading === 'snapshots', textContent: 'snapshots of one process over time' }),
      el('option', { value: 'fleet', selected: layout.reading === 'fleet', textContent: 'processes of one program (fleet)' }));
    pick.addEventListener('change', () => this.#readAs(pick.value));
    return el('span', { className: 'reading-switch' },
      el('label', { className: 'profile-label', htmlFor: 'reading-pick', textContent: 'Read as' }), pick);
  }

  /** Reads the inputs as a fleet or as snapshots, as the user says, and shows the report made so. */
  async #readAs(reading) {
    this.#panel.replaceChildren(el('p', { className: 'hint', textContent: 'Reading the dumps again…' }));
    try {
      await this.#analyzer.query('setFleetLayout', reading);
      const report = await this.#analyzer.query('report', PAGE_REPORT);
      this.#state = { ...this.#state, view: 'overview', group: -1 };
      this.show(report, this.#meta);
    } catch (error) {
      this.#panel.replaceChildren(el('p', { className: 'error', textContent: `Could not read them again: ${error.message}` }));
    }
  }

  #onTabKey(event) {
    const tabs = [...this.#tabBar.querySelectorAll('[role=tab]')];
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    tab.focus();
    tab.click();
    this.#tabBar.querySelector(`[data-view="${tab.dataset.view}"]`)?.focus();
  }

  /** Builds the current tab. */
  /** Called at each render (the share controls follow the state). */
  onRender = null;

  async render() {
    if (!this.#report) return;
    this.onRender?.();
    const id = ++this.#renderId;
    this.#renderTabs();
    // Nothing to save as pprof when the input held no profile (text that is not a dump).
    this.#pprofButton.hidden = this.#report.profiles.length === 0;
    const profile = this.#profile();
    const state = this.#state;
    const context = {
      profile, profileIndex: state.profile, report: this.#report, state,
      setState: (partial, options) => this.setState(partial, options), analyzer: this.#analyzer,
    };
    const panel = el('div', { className: `view view-${state.view}` });
    // A view that keeps its elements (Goroutines) moves them into the new panel, which
    // blurs the control in use — the search field while typing: give its focus back.
    const focused = this.#panel.contains(document.activeElement) ? document.activeElement : null;
    this.#panel.replaceChildren(panel);
    try {
      switch (state.view) {
        case 'goroutines':
          this.#goroutines.render(panel, profile, state.profile, state);
          if (focused?.isConnected) focused.focus({ preventScroll: true });
          break;
        case 'heap': await (await LAZY_VIEWS.heap()).renderHeap(panel, context); break;
        case 'contention': await (await LAZY_VIEWS.contention()).renderContention(panel, context); break;
        case 'cpu': await (await LAZY_VIEWS.cpu()).renderCpu(panel, context); break;
        case 'race': (await LAZY_VIEWS.race()).renderRace(panel, context); break;
        case 'charts': await (await LAZY_VIEWS.charts()).renderCharts(panel, context); break;
        case 'compare': {
          this.#comparison ??= this.#analyzer.compare({ timesFromNames: true });
          const { renderCompare } = await LAZY_VIEWS.compare();
          await renderCompare(panel, { ...context, comparison: await this.#comparison, links: loadSourceLinks() });
          break;
        }
        case 'fleet': await (await LAZY_VIEWS.fleet()).renderFleet(panel, context); break;
        case 'timeline': (await LAZY_VIEWS.timeline()).renderTimeline(panel, { ...context, meta: this.#meta }); break;
        default:
          renderOverview(panel, this.#report, this.#meta, (partial) => this.setState(partial), this.#analyzer);
          // The dumps of a fleet (the report says so): its findings on top, a way to the Fleet tab.
          if (this.#report.fleet) {
            const { fleetBanner } = await LAZY_VIEWS.fleet();
            panel.prepend(fleetBanner(this.#report.fleet, (partial) => this.setState(partial)));
          }
      }
    } catch (error) {
      if (id === this.#renderId) panel.append(el('p', { className: 'error', textContent: `Could not show this view: ${error.message}` }));
    }
  }

  /** Saves the complete report (the page holds only the largest groups): made in the worker. */
  async #downloadJson() {
    const omitted = this.#report.profiles.reduce((n, p) => n + (p.goroutines?.groupsOmitted ?? 0), 0);
    const groups = this.#report.profiles.reduce((n, p) => n + (p.goroutines?.groupsTotal ?? p.goroutines?.groups.length ?? 0), 0);
    this.#exportStatus.textContent = omitted > 0
      ? `Preparing the full report (${count(groups)} groups; large, this takes a few seconds)…`
      : 'Preparing the report…';
    try {
      const json = await this.#analyzer.exportJson();
      (await exportModule()).downloadJson(json);
      this.#exportStatus.textContent = 'JSON saved';
    } catch (error) {
      this.#exportStatus.textContent = `Could not make the JSON: ${error.message}`;
    }
  }

  /** The shown profile as a gzipped pprof profile (`go tool pprof`, Pyroscope, speedscope). */
  async #downloadPprof() {
    try {
      const bytes = await this.#analyzer.exportPprof(this.#state.profile);
      const profile = this.#report.profiles[this.#state.profile];
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/gzip' }));
      const a = el('a', { href: url, download: `${profile?.kind ?? 'profile'}.pb.gz` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      this.#exportStatus.textContent = 'pprof profile saved';
    } catch (error) {
      this.#exportStatus.textContent = `Could not make the pprof profile: ${error.message}`;
    }
  }

  async #copyMarkdown() {
    const text = (await exportModule()).markdownSummary(this.#report);
    this.#root.dataset.markdown = String(text.length);
    try {
      await navigator.clipboard.writeText(text);
      this.#exportStatus.textContent = 'Markdown copied';
    } catch {
      // No clipboard permission (e.g. inside an iframe): show the text to copy by hand.
      const area = el('textarea', { className: 'markdown-out', readOnly: true, value: text, attrs: { 'aria-label': 'Markdown summary' } });
      this.#exportStatus.replaceChildren('Copy it from here: ', area);
      area.select();
    }
  }
}

/**
 * "Redact" (label values, arguments, panic values and paths replaced by the core before
 * anything is shown, exported or shared) and "Copy link" (the dump in the URL fragment).
 */
function shareControls(viewer, share, setRedact) {
  const redact = el('input', { type: 'checkbox', id: 'redact', checked: viewer.state.redact });
  redact.addEventListener('change', () => setRedact(redact.checked));
  const out = el('span', { className: 'share-out', id: 'share-out', attrs: { 'aria-live': 'polite' } });
  const copy = async () => {
    out.replaceChildren('Making the link…');
    try {
      const made = await share();
      if (made.error) {
        out.replaceChildren(made.error);
        return;
      }
      const size = `${count(made.url.length)} characters${viewer.state.redact ? ', redacted' : ''}`;
      if (made.tooLarge) {
        out.replaceChildren(`The link would be ${size}: too long for a chat or a ticket. `,
          el('button', { type: 'button', className: 'link', id: 'download-dump', textContent: 'Download the dump instead', on: { click: made.download } }));
        return;
      }
      const field = el('input', { type: 'text', id: 'share-link', readOnly: true, value: made.url, attrs: { 'aria-label': 'Link to this dump and view' } });
      let copied = false;
      try {
        await navigator.clipboard.writeText(made.url);
        copied = true;
      } catch { /* No clipboard permission: the field is there to copy from. */ }
      out.replaceChildren(field, ` ${copied ? 'Link copied' : 'Copy the link from here'} (${size}; the dump travels in the link's #fragment, never to a server).`);
      field.select();
    } catch (error) {
      out.replaceChildren(`Could not make the link: ${error.message}`);
    }
  };
  viewer.onRender = () => { redact.checked = viewer.state.redact; };
  return el('span', { className: 'share' },
    el('label', { className: 'redact-toggle', title: 'Replace label values, argument values, panic values and source paths by placeholders' }, redact, ' Redact'),
    el('button', { type: 'button', className: 'secondary', id: 'copy-link', textContent: 'Copy link', on: { click: copy } }),
    out);
}
