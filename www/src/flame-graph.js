// An icicle (top-down flame graph) on a canvas: callers above callees, width ∝ weight.
// Click a frame to zoom into it, click the top bar or press Escape to zoom out; a search
// highlights matching functions. From the keyboard the canvas is focusable: arrow keys move
// a selected frame (Up parent, Down heaviest child, Left/Right siblings), Enter zooms into
// it, Escape or Backspace zooms out; the selection is outlined and announced in a live
// region. Text is drawn with fillText, never parsed as markup.

import { el } from './element.js';
import { displayName } from './names.js';

const ROW = 20;

/** Adds `depth` and `x` (start, in weight units from the left) to a columnar call tree. */
export function layoutTree(tree) {
  const n = tree.parents.length;
  const depth = new Int32Array(n);
  const x = new Float64Array(n);
  // Children are listed right after their parent (pre-order), heavier first: each
  // parent's next free x is where its next child starts.
  const nextChildX = new Float64Array(n);
  let rootX = 0;
  let maxDepth = 0;
  for (let i = 0; i < n; i++) {
    const p = tree.parents[i];
    if (p < 0) {
      depth[i] = 0;
      x[i] = rootX;
      rootX += tree.totalWeights[i];
    } else {
      depth[i] = depth[p] + 1;
      x[i] = nextChildX[p];
      nextChildX[p] += tree.totalWeights[i];
    }
    nextChildX[i] = x[i];
    if (depth[i] > maxDepth) maxDepth = depth[i];
  }
  return { depth, x, maxDepth, ...treeLinks(tree) };
}

/**
 * First child and siblings of every node (`-1`: none); node `-1` stands for the "all"
 * bar, whose children are the outermost callers. Children come heaviest first (pre-order).
 */
function treeLinks(tree) {
  const n = tree.parents.length;
  const firstChild = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n).fill(-1);
  const lastChild = new Int32Array(n).fill(-1);
  let firstRoot = -1;
  let lastRoot = -1;
  for (let i = 0; i < n; i++) {
    const p = tree.parents[i];
    const last = p < 0 ? lastRoot : lastChild[p];
    if (last >= 0) {
      next[last] = i;
      previous[i] = last;
    } else if (p < 0) {
      firstRoot = i;
    } else {
      firstChild[p] = i;
    }
    if (p < 0) lastRoot = i; else lastChild[p] = i;
  }
  return { firstChild, next, previous, firstRoot };
}

export class FlameGraph {
  element;
  #canvas;
  #tip;
  #tree = null;
  #layout = null;
  #frames = [];
  #focus = -1;
  /** The frame the keyboard is on (-1: the "all" bar). */
  #selected = -1;
  #status;
  #search = '';
  /** Frames the highlight matched at the last drawing. */
  matched = 0;
  #format = String;
  #boxes = [];

  constructor({ label }) {
    const keys = 'Arrow keys move between frames (Up: caller, Down: heaviest callee, Left and Right: neighbours), Enter zooms in, Escape or Backspace zooms out.';
    const hintId = `flame-keys-${Math.random().toString(36).slice(2)}`;
    this.#canvas = el('canvas', {
      className: 'flame-canvas', tabIndex: 0,
      attrs: { role: 'application', 'aria-roledescription': 'flame graph', 'aria-label': label, 'aria-describedby': hintId },
    });
    this.#tip = el('div', { className: 'flame-tip', hidden: true, attrs: { role: 'tooltip' } });
    this.#status = el('p', { className: 'flame-status', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
    this.element = el('div', { className: 'flame' }, this.#canvas, this.#tip,
      el('p', { className: 'visually-hidden', id: hintId, textContent: keys }), this.#status);
    this.#canvas.addEventListener('click', (e) => this.#click(e));
    this.#canvas.addEventListener('mousemove', (e) => this.#hover(e));
    this.#canvas.addEventListener('mouseleave', () => { this.#tip.hidden = true; });
    this.#canvas.addEventListener('keydown', (e) => this.#key(e));
    new ResizeObserver(() => this.draw()).observe(this.element);
    // The theme toggle changes the colours the canvas was painted with.
    window.addEventListener('goroseer-theme', () => { if (this.element.isConnected) this.draw(); });
  }

  /** `tree` is the core's columnar call tree; `frames` the report's frame table. */
  setData(tree, frames, format) {
    this.#tree = tree;
    this.#frames = frames;
    this.#format = format;
    this.#layout = layoutTree(tree);
    this.#focus = -1;
    this.#selected = -1;
    this.#status.textContent = '';
    this.draw();
  }

  setSearch(text) {
    this.#search = text.trim().toLowerCase();
    this.draw();
  }

  zoom(node) {
    this.#focus = node;
    this.draw();
  }

  /** Selects frame `node` (-1: the "all" bar), outlines it and announces it. */
  select(node) {
    this.#selected = node;
    // A selection outside the zoomed part would not be drawn: zoom out to its caller.
    if (this.#focus >= 0 && node >= 0 && !this.#isAncestorOrSelf(this.#focus, node) && !this.#isAncestorOrSelf(node, this.#focus)) {
      this.#focus = this.#tree.parents[node];
    }
    this.#status.textContent = this.#describe(node);
    this.draw();
  }

  #describe(node) {
    const tree = this.#tree;
    if (node < 0) return `all: ${this.#format(tree.total)}`;
    const weight = tree.totalWeights[node];
    const share = tree.total > 0 ? ((100 * weight) / tree.total).toFixed(1) : '0.0';
    return `${this.#name(node)}: ${this.#format(weight)} (${share} %), self ${this.#format(tree.selfWeights[node])}`;
  }

  #key(event) {
    if (!this.#tree) return;
    const { firstChild, next, previous, firstRoot } = this.#layout;
    const at = this.#selected;
    let target = null;
    switch (event.key) {
      case 'ArrowUp': target = at >= 0 ? this.#tree.parents[at] : null; break;
      case 'ArrowDown': target = at >= 0 ? firstChild[at] : firstRoot; break;
      case 'ArrowLeft': target = at >= 0 ? previous[at] : null; break;
      case 'ArrowRight': target = at >= 0 ? next[at] : null; break;
      case 'Enter':
        event.preventDefault();
        this.zoom(at);
        return;
      case 'Escape':
      case 'Backspace':
        event.preventDefault();
        if (this.#focus >= 0) this.zoom(this.#tree.parents[this.#focus]);
        return;
      default:
        return;
    }
    event.preventDefault();
    // Up from an outermost caller reaches the "all" bar; other moves stop at the edges.
    if (target === null || (target < 0 && event.key !== 'ArrowUp')) return;
    this.select(target);
  }

  #name(i) {
    return this.#frames[this.#tree.frames[i]]?.function ?? '?';
  }

  #isAncestorOrSelf(a, b) {
    for (let i = b; i >= 0; i = this.#tree.parents[i]) if (i === a) return true;
    return false;
  }

  draw() {
    const tree = this.#tree;
    const canvas = this.#canvas;
    if (!tree) return;
    const width = this.element.clientWidth || 800;
    const { depth, x, maxDepth } = this.#layout;
    const height = (maxDepth + 2) * ROW;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.inlineSize = `${width}px`;
    canvas.style.blockSize = `${height}px`;
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const css = getComputedStyle(this.element);
    const colour = (origin) => css.getPropertyValue(`--origin-${origin}`).trim() || '#888';
    const dim = css.getPropertyValue('--flame-dim').trim() || '#ccc';
    const text = css.getPropertyValue('--flame-text').trim() || '#000';
    const plainText = css.getPropertyValue('--fg').trim() || '#000';
    const mutedText = css.getPropertyValue('--muted').trim() || '#666';
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px ui-monospace, "DejaVu Sans Mono", monospace';
    ctx.textBaseline = 'middle';

    const focus = this.#focus;
    const from = focus >= 0 ? x[focus] : 0;
    const span = focus >= 0 ? tree.totalWeights[focus] : tree.total;
    const scale = span > 0 ? width / span : 0;
    const shift = focus >= 0 ? 1 : 1; // row 0 is the "all" bar
    this.#boxes = [];
    let matched = 0;
    // Row 0: everything (click to zoom out).
    ctx.fillStyle = dim;
    ctx.fillRect(0, 0, width - 1, ROW - 1);
    ctx.fillStyle = plainText;
    ctx.fillText(focus >= 0 ? `all — ${this.#format(tree.total)} (click to zoom out)` : `all — ${this.#format(tree.total)}`, 4, ROW / 2);
    this.#boxes.push({ node: -1, x: 0, y: 0, w: width, h: ROW });
    for (let i = 0; i < tree.parents.length; i++) {
      let bx;
      let bw;
      if (focus >= 0 && !this.#isAncestorOrSelf(focus, i)) {
        if (!this.#isAncestorOrSelf(i, focus)) continue;
        bx = 0;
        bw = width; // an ancestor of the focus spans the width
      } else {
        bx = (x[i] - from) * scale;
        bw = tree.totalWeights[i] * scale;
      }
      if (bw < 0.5 || bx > width || bx + bw < 0) continue;
      const by = (depth[i] + shift) * ROW;
      const frame = this.#frames[tree.frames[i]];
      const name = frame?.function ?? '?';
      const hit = this.#search && name.toLowerCase().includes(this.#search);
      // The box shows the short name; the tip and the status line the full one.
      const label = frame ? displayName(frame) : '?';
      if (hit && (focus < 0 || this.#isAncestorOrSelf(focus, i))) matched += 1;
      ctx.fillStyle = this.#search && !hit ? dim : colour(frame?.origin ?? 'unknown');
      ctx.fillRect(bx, by, Math.max(bw - 1, 0.5), ROW - 1);
      if (hit) {
        ctx.strokeStyle = plainText;
        ctx.lineWidth = 2;
        ctx.strokeRect(bx + 1, by + 1, Math.max(bw - 3, 0.5), ROW - 3);
      }
      if (bw > 30) {
        ctx.fillStyle = this.#search && !hit ? mutedText : text;
        ctx.save();
        ctx.beginPath();
        ctx.rect(bx, by, bw - 2, ROW);
        ctx.clip();
        ctx.fillText(label, bx + 4, by + ROW / 2);
        ctx.restore();
      }
      this.#boxes.push({ node: i, x: bx, y: by, w: bw, h: ROW });
    }
    const chosen = this.#boxes.find((b) => b.node === this.#selected);
    if (chosen) {
      // Two rings, text colour outside and background inside, so the outline shows on
      // every frame colour in both themes (a search hit has one thin ring).
      ctx.lineWidth = 3;
      ctx.strokeStyle = plainText;
      ctx.strokeRect(chosen.x + 1.5, chosen.y + 1.5, Math.max(chosen.w - 4, 2), ROW - 4);
      ctx.lineWidth = 1;
      ctx.strokeStyle = css.getPropertyValue('--bg').trim() || '#fff';
      ctx.strokeRect(chosen.x + 3.5, chosen.y + 3.5, Math.max(chosen.w - 8, 1), ROW - 8);
    }
    canvas.dataset.nodes = String(this.#boxes.length - 1);
    canvas.dataset.focus = focus >= 0 ? this.#name(focus) : '';
    canvas.dataset.selected = this.#selected >= 0 ? this.#name(this.#selected) : '';
    canvas.dataset.matches = String(matched);
    this.matched = matched;
  }

  #at(event) {
    const rect = this.#canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    // Later boxes are deeper; search from the end so the innermost wins.
    for (let k = this.#boxes.length - 1; k >= 0; k--) {
      const b = this.#boxes[k];
      if (px >= b.x && px < b.x + b.w && py >= b.y && py < b.y + b.h) return b;
    }
    return null;
  }

  #click(event) {
    const box = this.#at(event);
    if (!box) return;
    this.#selected = box.node;
    this.#status.textContent = this.#describe(box.node);
    this.zoom(box.node === this.#focus ? this.#tree.parents[box.node] ?? -1 : box.node);
  }

  #hover(event) {
    const box = this.#at(event);
    if (!box || box.node < 0) {
      this.#tip.hidden = true;
      return;
    }
    const i = box.node;
    const frame = this.#frames[this.#tree.frames[i]];
    const weight = this.#tree.totalWeights[i];
    const self = this.#tree.selfWeights[i];
    this.#tip.replaceChildren(
      el('strong', { textContent: frame?.function ?? '?' }),
      el('div', { textContent: frame?.file ? `${frame.file}:${frame.line}` : '' }),
      el('div', { textContent: `${this.#format(weight)} (${((100 * weight) / this.#tree.total).toFixed(1)} %) · self ${this.#format(self)}` }));
    this.#tip.hidden = false;
    const rect = this.element.getBoundingClientRect();
    this.#tip.style.insetInlineStart = `${Math.min(event.clientX - rect.left + 12, rect.width - 320)}px`;
    this.#tip.style.insetBlockStart = `${event.clientY - rect.top + 16}px`;
  }
}
