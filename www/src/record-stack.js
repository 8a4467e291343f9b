// The full stack of a heap, contention or threadcreate record (its `stack` indices into the
// report's frame table, leaf first), frames coloured by origin like a goroutine stack.

import { el } from './element.js';
import { frameLine } from './frame-view.js';

/**
 * `record.stack` as an ordered list of frames; a record the dump did not symbolize (no
 * `#` lines) shows its addresses instead.
 */
export function recordStack(record, frames, links) {
  const stack = record.stack ?? [];
  if (stack.length > 0) {
    return el('ol', { className: 'stack record-stack', attrs: { 'aria-label': 'Stack, innermost first' } },
      ...stack.map((index) => frames[index]).filter(Boolean).map((frame) => frameLine(frame, links)));
  }
  const addresses = (record.addresses ?? []).filter((a) => a !== '0x0');
  return el('p', { className: 'hint record-stack' }, addresses.length > 0
    ? `not symbolized: ${addresses.join(' ')}`
    : 'empty stack');
}
