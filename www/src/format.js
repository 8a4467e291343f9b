// Numbers as people read them: the one formatter of the page. A value from the report
// comes with its unit (evidence items, MemStats figures), and is formatted by that unit
// only — never by guessing from a key's name. The CLI and the rules' titles format the
// same units the same way (crates/goroseer/src/analysis/rules/evidence.rs).

// Made on first use, not when the page loads: a renderer's first Intl.NumberFormat loads
// ICU's locale data, 20–200 ms of the main thread (Chromium, fresh context, load 2–10),
// which delayed the analyzer's ready. The page makes it right after ready (main.js).
let integer = null;

/** 12,345 */
export function count(n) {
  integer ??= new Intl.NumberFormat('en-US');
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

// One format per number of digits, made on first use: `toLocaleString` with options makes a
// new Intl.NumberFormat at every call (~50 µs each; a dump's first screen calls it dozens
// of times), a kept one formats in ~2 µs.
const decimals = new Map();

/** 1,234.5678 → `1,234.568` with `digits` = 3: thousands separated, trailing zeros dropped. */
export function decimal(n, digits = 4) {
  let format = decimals.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    decimals.set(digits, format);
  }
  const text = format.format(Math.abs(n));
  return n < 0 && /[1-9]/.test(text) ? `−${text}` : text;
}

/** A share 0–1 as a percentage: `65%`, one decimal under 10 % (`6.5%`, `0.3%`). */
export function percent(share) {
  const p = share * 100;
  return `${decimal(p, p !== 0 && Math.abs(p) < 10 ? 1 : 0)}%`;
}

/** `1 goroutine`, `1,200 goroutines`. */
export function plural(n, noun) {
  return `${decimal(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** `function file:line`, or the function alone when the dump printed no file. */
export function locationText(location) {
  return location.file ? `${location.function} ${location.file}:${location.line}` : location.function;
}

/**
 * A value as text by its unit (the units of `docs/json.md`: evidence units, and the
 * MemStats figures' `nanoseconds`, `percent`). A list: each value, comma separated.
 * `null`: the dump does not say (a debug=1 record's state is `no state`).
 */
export function withUnit(value, unit) {
  if (value === null || value === undefined) return unit === 'state' ? 'no state' : '–';
  if (Array.isArray(value)) return value.map((v) => withUnit(v, unit)).join(', ');
  switch (unit) {
    case 'bytes': return bytes(value);
    case 'bytes_per_minute': return `${bytes(value)}/min`;
    case 'share': return percent(value);
    case 'ratio': return `${decimal(value, 2)}×`;
    case 'minutes': return `${decimal(value, 0)} min`;
    case 'seconds': return `${decimal(value, 3)} s`;
    case 'goroutines': return plural(value, 'goroutine');
    case 'goroutines_per_minute': return `${decimal(value, 2)} goroutine${value === 1 ? '' : 's'}/min`;
    case 'goroutine_id': return `goroutine ${decimal(value, 0)}`;
    case 'group': return `group ${decimal(value, 0)}`;
    case 'flag': return value ? 'yes' : 'no';
    case 'location': return locationText(value);
    case 'nanoseconds': return nanoseconds(value);
    case 'percent': return `${value.toFixed(value < 10 ? 2 : 1)} %`;
    default: return typeof value === 'number' ? decimal(value) : String(value);
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

/**
 * A log's time (seconds since 1970, read as UTC): `2026-12-02 07:05:00`; journald's lines
 * print no year and fall in 1970, shown without one (`12-02 07:05:00`). `short`: the clock.
 */
export function logTime(seconds, { short = false } = {}) {
  const iso = new Date(seconds * 1000).toISOString();
  const clock = iso.slice(11, 19);
  if (short) return clock;
  return `${iso.startsWith('1970-') ? iso.slice(5, 10) : iso.slice(0, 10)} ${clock}`;
}
