// Numbers as people read them.

const integer = new Intl.NumberFormat('en-US');

/** 12,345 */
export function count(n) {
  return integer.format(n);
}

/** 1.5 MiB, 312 B; negative values (heap in-use can be) keep their sign. */
export function bytes(n) {
  const sign = n < 0 ? '−' : '';
  let value = Math.abs(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** 1.2 s, 35 ms, 420 µs, 80 ns */
export function nanoseconds(n) {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(abs >= 1e10 ? 1 : 2)} s`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 0 : 1)} ms`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(0)} µs`;
  return `${n} ns`;
}

/** A value with its unit as named in the report (`bytes`, `count`, `nanoseconds`, `percent`). */
export function withUnit(value, unit) {
  if (typeof value !== 'number') return String(value);
  switch (unit) {
    case 'bytes': return bytes(value);
    case 'nanoseconds': return nanoseconds(value);
    case 'percent': return `${value.toFixed(value < 10 ? 2 : 1)} %`;
    default: return count(value);
  }
}

/** `{ min, max }` minutes → `12–30 min`, `5 min`, or '' when nothing was printed. */
export function waitRange(wait) {
  if (!wait || (wait.min === 0 && wait.max === 0)) return '';
  return wait.min === wait.max ? `${wait.min} min` : `${wait.min}–${wait.max} min`;
}

/** A sample value of a profile: bytes for *_space, nanoseconds for delay, else a count. */
export function sampleValue(sample, n) {
  if (sample?.endsWith('_space')) return bytes(n);
  if (sample === 'delay') return nanoseconds(n);
  return count(n);
}

/** 45.2 % of total (empty when total is 0). */
export function share(n, total) {
  return total ? `${((100 * n) / total).toFixed(1)} %` : '';
}
