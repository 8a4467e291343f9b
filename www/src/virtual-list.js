// A scrolling list that only builds the rows in view, so tens of thousands of groups stay
// smooth. Rows may differ in height (an expanded group is tall): heights are measured once
// rendered; rows not yet seen count as `estimate` pixels, which the first rendering corrects
// to the height most rows turned out to have. When measuring moves the rows (rows above
// the view were taller or shorter than counted), the scroll position follows the row at the
// top edge, so what is in view stays put: a row scrolled to stays at the top, the end stays
// at the end.

import { el } from './element.js';

export class VirtualList {
  /** The scroll container to put in the page. */
  element;
  #inner;
  #window;
  #count = 0;
  #estimate;
  #renderRow;
  #heights = [];
  /** 1 for each row whose height was measured (the others count as `#estimate`). */
  #measured = new Uint8Array(0);
  /** Whether `#estimate` was corrected from rendered rows since `setCount`. */
  #estimateLearned = false;
  #offsets = [0];
  #overscan = 6;
  #frame = 0;

  /** `renderRow(index)` returns the row's element (its key is the index). */
  constructor({ estimate = 48, renderRow, label }) {
    this.#estimate = estimate;
    this.#renderRow = renderRow;
    this.#window = el('div', { className: 'vlist-window', attrs: { role: 'list', 'aria-label': label } });
    this.#inner = el('div', { className: 'vlist-inner' }, this.#window);
    this.element = el('div', { className: 'vlist', attrs: { tabindex: '-1' } }, this.#inner);
    this.element.addEventListener('scroll', () => this.#schedule(), { passive: true });
    new ResizeObserver(() => this.#schedule()).observe(this.element);
  }

  /** Replaces the list's contents with `count` rows (heights are forgotten). */
  setCount(count) {
    this.#count = count;
    this.#heights = new Array(count).fill(this.#estimate);
    this.#measured = new Uint8Array(count);
    this.#estimateLearned = false;
    this.#recomputeOffsets();
    this.element.scrollTop = 0;
    this.render();
  }

  /** Builds the rows again (e.g. one was expanded), keeping the scroll position. */
  refresh() {
    this.render();
  }

  /** Scrolls so that row `index` is at the top. */
  scrollToIndex(index) {
    this.element.scrollTop = this.#offsets[Math.max(0, Math.min(index, this.#count))];
    this.render();
  }

  /** The rendered row element of `index`, if it is in view. */
  rowElement(index) {
    return this.#window.querySelector(`[data-index="${index}"]`);
  }

  #schedule() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  #recomputeOffsets() {
    const offsets = new Array(this.#count + 1);
    offsets[0] = 0;
    for (let i = 0; i < this.#count; i++) offsets[i + 1] = offsets[i] + this.#heights[i];
    this.#offsets = offsets;
    this.#inner.style.blockSize = `${offsets[this.#count]}px`;
  }

  /** The last row starting at or above `y`. */
  #indexAt(y) {
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(lo, Math.max(0, this.#count - 1));
  }

  render() {
    const focusedIndex = this.#window.contains(document.activeElement)
      ? document.activeElement.closest('[data-index]')?.dataset.index : undefined;
    const top = this.element.scrollTop;
    const viewport = this.element.clientHeight || 600;
    const atEnd = top > 0 && top >= this.element.scrollHeight - this.element.clientHeight - 1;
    // The row at the top edge, and how far down into it the view starts.
    const anchor = this.#indexAt(top);
    const intoAnchor = top - this.#offsets[anchor];
    const first = Math.max(0, anchor - this.#overscan);
    let last = first;
    while (last < this.#count && this.#offsets[last] < top + viewport + this.#overscan * this.#estimate) last++;
    const rows = [];
    for (let i = first; i < last; i++) {
      const row = this.#renderRow(i);
      row.dataset.index = String(i);
      rows.push(row);
    }
    this.#window.style.transform = `translateY(${this.#offsets[first] ?? 0}px)`;
    this.#window.replaceChildren(...rows);
    if (focusedIndex !== undefined) {
      this.rowElement(focusedIndex)?.querySelector('button, [tabindex]')?.focus({ preventScroll: true });
    }
    // Measure what was built; if heights changed, place the rows again.
    let changed = false;
    for (const row of rows) {
      const index = Number(row.dataset.index);
      const height = row.offsetHeight;
      if (height > 0) this.#measured[index] = 1;
      if (height > 0 && height !== this.#heights[index]) {
        this.#heights[index] = height;
        changed = true;
      }
    }
    if (!this.#estimateLearned && rows.length > 0) changed = this.#learnEstimate(rows) || changed;
    if (changed) {
      this.#recomputeOffsets();
      this.#window.style.transform = `translateY(${this.#offsets[first] ?? 0}px)`;
      // Keep the view on the same content (the scroll event this causes renders again,
      // with nothing left to move).
      const wanted = atEnd ? this.element.scrollHeight : this.#offsets[anchor] + intoAnchor;
      if (Math.abs(wanted - top) >= 1) this.element.scrollTop = wanted;
    }
  }

  /**
   * Counts rows not yet seen as tall as most of the rows just rendered (the `estimate`
   * given is a guess made without the page's fonts). Returns whether that changed anything.
   */
  #learnEstimate(rows) {
    const seen = new Map();
    for (const row of rows) {
      const height = row.offsetHeight;
      if (height > 0) seen.set(height, (seen.get(height) ?? 0) + 1);
    }
    if (seen.size === 0) return false;
    this.#estimateLearned = true;
    const [typical] = [...seen.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    if (typical === this.#estimate) return false;
    this.#estimate = typical;
    for (let i = 0; i < this.#count; i++) {
      if (!this.#measured[i]) this.#heights[i] = typical;
    }
    return true;
  }
}
