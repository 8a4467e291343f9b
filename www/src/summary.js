// Report (the `goroscope --json` shape, docs/json.md) → what the first screen shows.
// Pure data in, pure data out: no DOM here.

/** Counts per state, largest first, ties by name. */
export function statesByCount(byState) {
  return Object.entries(byState ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Every diagnostic of the report: outside any dump plus inside each dump. */
export function diagnosticCount(report) {
  return (report.diagnostics?.length ?? 0)
    + report.profiles.reduce((sum, p) => sum + (p.diagnostics?.length ?? 0), 0);
}

/** One entry per dump with what the summary shows about it. */
export function profileSummaries(report) {
  return report.profiles.map((profile) => ({
    kind: profile.kind,
    format: profile.format ?? null,
    total: profile.goroutines?.total ?? null,
    states: statesByCount(profile.goroutines?.states),
  }));
}
