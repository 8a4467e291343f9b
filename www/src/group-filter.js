// Which goroutine groups the Goroutines view shows for the user's filters: the view state
// turned into the filter part of the core's group query (docs/json.md, *Group pages*).
// The filtering itself runs in wasm, over every group, not only those the page holds.

/**
 * `{ q, state, minWait, hideRuntime, annotation }` of the view state → `{ profile, search, … }`.
 * `annotations` is the profile's list: an annotation index it does not have is ignored.
 */
export function groupQuery(profileIndex, { q = '', state = '', minWait = 0, hideRuntime = false, annotation = -1 }, annotations = []) {
  const query = {
    profile: profileIndex,
    search: q.trim(),
    states: state ? [state] : [],
    minWait: Math.max(0, Math.floor(minWait) || 0),
    hideRuntime: Boolean(hideRuntime),
  };
  if (Number.isInteger(annotation) && annotation >= 0 && annotation < annotations.length) query.annotation = annotation;
  return query;
}

/** Whether two filter queries select the same groups. */
export function sameQuery(a, b) {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
