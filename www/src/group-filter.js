// Which goroutine groups the Goroutines view shows for the user's filters. Pure data.

/**
 * A harmless background goroutine (GC helpers, finalizers, os/signal, the goroutine
 * writing the dump): the core's `runtimeInternal` flag, or, in reports without it, a
 * stack that is all runtime.
 */
export function isRuntimeInternal(group) {
  if (typeof group.runtimeInternal === 'boolean') return group.runtimeInternal;
  return group.frames.length > 0 && group.frames.every((f) => f.origin === 'runtime');
}

function labelText(labels) {
  return labels.flatMap((l) => Object.entries(l.labels ?? {}).map(([k, v]) => `${k}=${v}`));
}

/** Matches the search text against functions, files and labels (`key=value`), any case. */
function matchesSearch(group, needle) {
  if (!needle) return true;
  for (const f of group.frames) {
    if (f.function.toLowerCase().includes(needle) || f.file.toLowerCase().includes(needle)) return true;
  }
  for (const site of group.createdBy ?? []) {
    if (site.site?.function.toLowerCase().includes(needle)) return true;
  }
  return labelText(group.labels ?? []).some((text) => text.toLowerCase().includes(needle));
}

/** The groups that pass `{ q, state, minWait, hideRuntime }`, in their order. */
export function filterGroups(groups, { q = '', state = '', minWait = 0, hideRuntime = false }) {
  const needle = q.trim().toLowerCase();
  return groups.filter((group) =>
    (!state || (group.states?.[state] ?? 0) > 0)
    && (!minWait || (group.waitMinutes?.max ?? 0) >= minWait)
    && (!hideRuntime || !isRuntimeInternal(group))
    && matchesSearch(group, needle));
}
