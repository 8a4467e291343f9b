// The goroutine groups that pass the Goroutines view's filters, fetched from the worker a
// page at a time (`Goroseer.groups`). The page never holds every group: with exact
// grouping a dump of 100k goroutines has 100k groups, ~100 MB as JSON. Rows ask for their
// page as the virtual list shows them; only the pages of the latest rendering are fetched,
// after a short pause, so scrolling fast over thousands of rows sends a few requests.

/** Groups per request. */
export const PAGE_SIZE = 100;
/** Pages kept; older ones are fetched again if scrolled back to. */
const KEPT_PAGES = 40;
/** Quiet time after the last rendering before pages are fetched. */
const FETCH_DELAY_MS = 30;

export class GroupPages {
  /** Groups of the dump at this grouping level. */
  total = 0;
  /** Groups that pass the filters. */
  matched = 0;
  /** Goroutines in them. */
  matchedGoroutines = 0;
  #analyzer;
  #query;
  #onPage;
  /** Page number → array of groups. */
  #pages = new Map();
  #pending = new Set();
  /** Pages the latest rendering asked for (the rows in view). */
  #wanted = new Set();
  #batchOpen = false;
  #timer = 0;
  #closed = false;

  /**
   * `query` is the filter part of a `GroupQuery` (`{ profile, search, states, minWait,
   * hideRuntime }`); `onPage()` runs when a page asked for by `get` has arrived.
   */
  constructor(analyzer, query, onPage) {
    this.#analyzer = analyzer;
    this.#query = query;
    this.#onPage = onPage;
  }

  /**
   * Fetches the first page — or, with `focus` (a group id), the page holding that group —
   * and the counts. Resolves with the index of `focus` among the matched groups, or -1.
   */
  async open(focus = -1) {
    const first = await this.#fetch(0, focus >= 0 ? focus : undefined);
    this.#take(first);
    const index = first.focusIndex ?? -1;
    if (index >= PAGE_SIZE) this.#take(await this.#fetch(Math.floor(index / PAGE_SIZE) * PAGE_SIZE));
    return index;
  }

  /** The group at `index` among the matched ones, or null while its page is on its way. */
  get(index) {
    const page = Math.floor(index / PAGE_SIZE);
    const groups = this.#pages.get(page);
    if (groups) return groups[index - page * PAGE_SIZE] ?? null;
    this.#want(page);
    return null;
  }

  /** Stops fetching: the filters changed or the view went away. */
  close() {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #want(page) {
    // Everything asked for in one synchronous rendering is one batch; a new rendering
    // replaces the batch, so pages scrolled past are never fetched.
    if (!this.#batchOpen) {
      this.#batchOpen = true;
      this.#wanted.clear();
      queueMicrotask(() => { this.#batchOpen = false; });
    }
    this.#wanted.add(page);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fetchWanted(), FETCH_DELAY_MS);
  }

  async #fetchWanted() {
    const pages = [...this.#wanted].filter((p) => !this.#pages.has(p) && !this.#pending.has(p));
    for (const page of pages) this.#pending.add(page);
    await Promise.all(pages.map(async (page) => {
      try {
        const answer = await this.#fetch(page * PAGE_SIZE);
        if (!this.#closed) this.#take(answer);
      } catch (error) {
        if (!this.#closed) console.warn('goroseer: groups', error);
      } finally {
        this.#pending.delete(page);
      }
    }));
    if (pages.length > 0 && !this.#closed) this.#onPage();
  }

  #fetch(offset, focus) {
    return this.#analyzer.query('groups', { ...this.#query, offset, limit: PAGE_SIZE, focus });
  }

  #take(answer) {
    this.total = answer.total;
    this.matched = answer.matched;
    this.matchedGoroutines = answer.matchedGoroutines;
    this.#pages.set(Math.floor(answer.offset / PAGE_SIZE), answer.groups);
    for (const page of this.#pages.keys()) {
      if (this.#pages.size <= KEPT_PAGES) break;
      if (!this.#wanted.has(page)) this.#pages.delete(page);
    }
  }
}
