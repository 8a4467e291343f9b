// The `#` frame lines of each record of a heap or contention debug=1 profile, read from
// the dump text itself: what the page must show when a record opens to its stack.

/** `[[{ function, file, line }]]`, one list per record in input order, leaf first. */
export function recordFrames(text) {
  const records = [];
  for (const line of text.split('\n')) {
    // Heap: `0: 0 [409600: 209715200] @ 0x…`; block/mutex: `7971837757 199 @ 0x…`.
    if (/^\d+: \d+ \[\d+: \d+\] @/.test(line) || /^\d+ \d+ @/.test(line)) {
      records.push([]);
    } else if (line.startsWith('#\t') && records.length > 0) {
      const [, , symbol, place] = line.split('\t').filter((part) => part !== '');
      const at = place.lastIndexOf(':');
      records[records.length - 1].push({
        function: symbol.replace(/\+0x[0-9a-f]+$/, ''),
        file: place.slice(0, at),
        line: Number(place.slice(at + 1)),
      });
    }
  }
  return records;
}
