// Which goroutine groups the Goroutines view shows for the user's filters: the view state
// turned into the filter part of the core's group query (docs/json.md, *Group pages*).
// The filtering itself runs in wasm, over every group, not only those the page holds.

/** `{ q, state, minWait, hideRuntime }` of the view state → `{ profile, search, … }`. */
export function groupQuery(profileIndex, { q = '', state = '', minWait = 0, hideRuntime = false }) {
  return {
    profile: profileIndex,
    search: q.trim(),
    states: state ? [state] : [],
    minWait: Math.max(0, Math.floor(minWait) || 0),
    hideRuntime: Boolean(hideRuntime),
  };
}

/** Whether two filter queries select the same groups. */
export function sameQuery(a, b) {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
