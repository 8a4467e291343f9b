// <goroseer-viewer>: the analyzer inside any page (a wiki, a runbook, a post-mortem).
//
//   <script type="module" src="https://…/src/goroseer-viewer.js"></script>
//   <goroseer-viewer view="goroutines">
//     <script type="text/plain">goroutine 1 [running]: …</script>
//   </goroseer-viewer>
//   <goroseer-viewer src="dumps/incident-42.txt.gz"></goroseer-viewer>
//
// The dump is inline (a `<script type="text/plain">`, or a `<template>`) or a same-site
// file named by `src` (gzip is fine). The analysis runs in a worker of this element, as on
// the page; nothing is sent anywhere. `view` picks the first tab (overview, goroutines,
// heap, contention, charts).

import { Analyzer } from './analyzer.js';
import { Viewer } from './viewer.js';
import { DEFAULT_STATE } from './view-state.js';
import { el } from './element.js';

const STYLESHEET = new URL('./style.css', import.meta.url).href;

/** Links the stylesheet once, unless the page already has it (or is the offline file). */
function ensureStylesheet() {
  if (globalThis.goroseerEmbedded) return;
  const linked = [...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === STYLESHEET);
  if (linked) return;
  document.head.append(el('link', { rel: 'stylesheet', href: STYLESHEET }));
}

/** The inline dump, exactly as written (a leading newline after the tag is not part of it). */
function inlineDump(element) {
  const holder = element.querySelector(':scope > script[type="text/plain"], :scope > template');
  if (!holder) return null;
  const text = holder instanceof HTMLTemplateElement ? holder.content.textContent : holder.textContent;
  return text.replace(/^\r?\n/, '');
}

export class GoroseerViewerElement extends HTMLElement {
  #analyzer = null;
  #started = false;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    this.#start();
  }

  disconnectedCallback() {
    this.#analyzer?.dispose();
    this.#analyzer = null;
    this.#started = false;
  }

  async #start() {
    ensureStylesheet();
    const text = inlineDump(this);
    const src = this.getAttribute('src');
    const status = el('p', { className: 'hint', attrs: { role: 'status' }, textContent: 'Analysing…' });
    const root = el('div', { className: 'viewer-root' });
    this.replaceChildren(status, root);
    this.#analyzer = new Analyzer();
    try {
      let inputs;
      if (text !== null) {
        inputs = [{ name: 'embedded dump', text }];
      } else if (src) {
        const response = await fetch(new URL(src, document.baseURI));
        if (!response.ok) throw new Error(`${src}: HTTP ${response.status}`);
        inputs = [{ name: src, blob: await response.blob() }];
      } else {
        throw new Error('no dump: put it in a <script type="text/plain"> inside the element, or set src');
      }
      const { report, elapsedMs } = await this.#analyzer.analyze(inputs);
      const viewer = new Viewer(root, {
        analyzer: this.#analyzer,
        state: { ...DEFAULT_STATE, view: this.getAttribute('view') ?? 'overview' },
      });
      viewer.show(report, { elapsedMs });
      status.remove();
      this.dataset.ready = 'true';
    } catch (error) {
      status.textContent = `goroseer: ${error.message}`;
      this.dataset.error = 'true';
    }
  }
}

if (!customElements.get('goroseer-viewer')) customElements.define('goroseer-viewer', GoroseerViewerElement);
