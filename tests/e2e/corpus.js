// Real dumps and their ground truth, read from the corpus (never hard-coded in tests).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const corpus = path.join(repoRoot, 'tests/fixtures/corpus');

/** Text of a corpus dump, e.g. `dump('goroutine-sync-contention/goroutine.debug2.txt')`. */
export function dump(name) {
  return readFileSync(path.join(corpus, name), 'utf8');
}

/** The ground-truth JSON of a corpus dump (`<dir>/groundtruth/<file>.json`). */
export function groundTruth(name) {
  const dir = path.dirname(name);
  return JSON.parse(readFileSync(path.join(corpus, dir, 'groundtruth', `${path.basename(name)}.json`), 'utf8'));
}

/** Bytes of a corpus file (gzipped files stay gzipped). */
export function dumpBytes(name) {
  return readFileSync(path.join(corpus, name));
}
