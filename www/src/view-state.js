// What the viewer shows (tab, profile, filters, expanded group…), as a plain object that
// round-trips through the URL hash. It never holds dump data: only names and numbers the
// user chose.

/** Defaults; a key equal to its default is left out of the hash. */
export const DEFAULT_STATE = Object.freeze({
  view: 'overview',
  profile: 0,
  group: -1,
  q: '',
  state: '',
  minWait: 0,
  hideRuntime: false,
  /** Index into the profile's `annotations`: show only the groups it is about (-1: all). */
  annotation: -1,
  /** Index into the profile's `goroutines.createdBy`: only the groups created there (-1: all). */
  creator: -1,
  groupBy: 'lines',
  sample: '',
  scale: 'unsampled',
  heapTable: 'functions',
  sort: '',
  flame: '',
  example: '',
  /** CPU and sample profiles: top-table rows (`function`, `site`, `package`). */
  cpuGroupBy: 'function',
  /** CPU and sample profiles: label filter `key=value` ('' = all samples). */
  tag: '',
  /** Redact the dump (labels, arguments, panic values, paths) before showing or sharing it. */
  redact: false,
});

const NUMBERS = new Set(['profile', 'group', 'minWait', 'annotation', 'creator']);
const BOOLEANS = new Set(['hideRuntime', 'redact']);

/** Parses `#view=goroutines&q=fetch` into a full state object. */
export function stateFromHash(hash) {
  const state = { ...DEFAULT_STATE };
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  for (const [key, raw] of params) {
    if (!(key in DEFAULT_STATE)) continue;
    if (NUMBERS.has(key)) {
      const n = Number(raw);
      if (Number.isFinite(n)) state[key] = n;
    } else if (BOOLEANS.has(key)) {
      state[key] = raw === '1';
    } else {
      state[key] = raw;
    }
  }
  return state;
}

/** The hash for `state` (without the leading `#`), only what differs from the defaults. */
export function hashFromState(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (!(key in DEFAULT_STATE) || value === DEFAULT_STATE[key]) continue;
    params.set(key, BOOLEANS.has(key) ? (value ? '1' : '0') : String(value));
  }
  return params.toString();
}
