// Real dumps from the corpus (tests/fixtures/corpus), shipped gzipped next to the page so
// a first visit shows something real. The offline file embeds them (as every site file).

export const EXAMPLES = [
  { id: 'leak', file: 'leak.txt.gz', title: 'Goroutine leak (2,095 goroutines, debug=2)' },
  { id: 'sync-contention', file: 'sync-contention.txt.gz', title: 'Lock contention (debug=2)' },
  { id: 'labels', file: 'labels.txt.gz', title: 'pprof labels (debug=2)' },
  { id: 'nil-deref', file: 'nil-deref.txt.gz', title: 'Crash: nil pointer dereference' },
  { id: 'heap', file: 'heap.txt.gz', title: 'Heap profile with MemStats' },
  { id: 'mutex', file: 'mutex.txt.gz', title: 'Mutex profile' },
];

/** The example's gzipped bytes as a Blob (same-origin fetch, or embedded bytes). */
export async function exampleBlob(id) {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) throw new Error(`no example ${id}`);
  const embedded = globalThis.goroseerEmbedded?.file(`examples/${example.file}`);
  if (embedded) return new Blob([embedded]);
  const response = await fetch(new URL(`../examples/${example.file}`, import.meta.url));
  if (!response.ok) throw new Error(`example ${id}: HTTP ${response.status}`);
  return response.blob();
}
