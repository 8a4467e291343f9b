// One stack frame as a line: function, file:line (a source link when configured), its
// origin as colour and as text for screen readers.

import { el } from './element.js';
import { sourceUrl } from './source-links.js';

export const ORIGIN_NAMES = {
  own: 'own code',
  third_party: 'third party',
  stdlib: 'standard library',
  runtime: 'runtime',
  unknown: 'unknown',
};

/** `name.go:12` of a frame (the whole path is in the title). */
function location(frame) {
  if (!frame.file) return '';
  return `${frame.file.split('/').pop()}:${frame.line}`;
}

export function frameLine(frame, links, extra = {}) {
  const where = location(frame);
  const url = sourceUrl(links, frame.file, frame.line);
  const place = url
    ? el('a', { className: 'where', href: url, target: '_blank', rel: 'noopener noreferrer', title: `${frame.file}:${frame.line}`, textContent: where })
    : el('span', { className: 'where', title: frame.file ? `${frame.file}:${frame.line}` : '', textContent: where });
  return el('li', { className: `frame origin-${frame.origin}`, data: { origin: frame.origin } },
    el('span', { className: 'origin-dot', attrs: { role: 'img', 'aria-label': ORIGIN_NAMES[frame.origin] ?? frame.origin }, title: ORIGIN_NAMES[frame.origin] ?? frame.origin }),
    el('span', { className: 'fn', textContent: frame.function }),
    frame.inlined ? el('span', { className: 'tag', textContent: 'inlined' }) : null,
    where ? place : null,
    extra.args ? el('span', { className: 'args', textContent: `(${extra.args})` }) : null);
}

/** The frame people look at first: own code, else third party, else stdlib, else the top. */
export function keyFrame(frames) {
  for (const origin of ['own', 'third_party', 'stdlib']) {
    const found = frames.find((f) => f.origin === origin && !f.elided);
    if (found) return found;
  }
  return frames[0] ?? null;
}

/** The legend of origin colours. */
export function originLegend() {
  return el('ul', { className: 'legend', attrs: { 'aria-label': 'Frame origins' } },
    ...Object.entries(ORIGIN_NAMES).filter(([k]) => k !== 'unknown').map(([origin, name]) =>
      el('li', { className: `origin-${origin}` }, el('span', { className: 'origin-dot' }), name)));
}
