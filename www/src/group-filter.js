// Which goroutine groups the Goroutines view shows for the user's filters: the view state
// turned into the filter part of the core's group query (docs/json.md, *Group pages*).
// The filtering itself runs in wasm, over every group, not only those the page holds.

/**
 * `{ q, state, minWait, hideRuntime, annotation, creator }` of the view state →
 * `{ profile, search, … }`. `annotations` and `sites` are the profile's `annotations` and
 * `goroutines.createdBy`: an index they do not have is ignored.
 */
export function groupQuery(profileIndex, { q = '', state = '', minWait = 0, hideRuntime = false, annotation = -1, creator = -1 }, annotations = [], sites = []) {
  const query = {
    profile: profileIndex,
    search: q.trim(),
    states: state ? [state] : [],
    minWait: Math.max(0, Math.floor(minWait) || 0),
    hideRuntime: Boolean(hideRuntime),
  };
  if (Number.isInteger(annotation) && annotation >= 0 && annotation < annotations.length) query.annotation = annotation;
  if (Number.isInteger(creator) && creator >= 0 && creator < sites.length) query.createdBy = creator;
  return query;
}

/** Whether two filter queries select the same groups. */
export function sameQuery(a, b) {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
