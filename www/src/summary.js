// Report data → what the summaries show. Pure data in, pure data out: no DOM here.

/** `[state, count]` pairs, largest first, ties by name. */
export function statesByCount(byState) {
  return Object.entries(byState ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
