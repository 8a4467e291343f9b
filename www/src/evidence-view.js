// An annotation's evidence (the numbers that made its rule fire) as a person reads it:
// one row per fact — words for the camelCase key, the value formatted for its unit — with
// `file` and `line` joined into one place, lists one item a line, and lists of objects
// (likely lock holders, panics, call sites) as a small table. Every value from a dump goes
// in as text.

import { el } from './element.js';
import { bytes, count } from './format.js';

/** `maxWaitMinutes` → `max wait minutes`. */
export function keyWords(key) {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Evidence keys shown first, in this order; the others follow in the report's order. */
const LEADING_KEYS = ['function', 'callSite', 'site', 'where'];

const BYTE_KEYS = /bytes$|^(sys|stackSys|stackInuse|heapSys|heapIdle|heapInuse|heapReleased|heapAlloc)$/i;
const SHARE_KEYS = /share|fraction/i;
const SECOND_KEYS = /seconds$/i;

/** A number or other scalar as text, by what its key says it counts. */
export function scalarText(key, value) {
  // null: the dump does not show it, or it has no value (a ratio to zero).
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  if (SHARE_KEYS.test(key) && value >= 0 && value <= 1) return `${(value * 100).toFixed(1)} %`;
  // Exact bytes: the annotation's prose rounds to decimal MB, the rest of the page to MiB;
  // the exact count contradicts neither (the MiB figure is in the title).
  if (BYTE_KEYS.test(key)) return `${count(value)} B`;
  if (SECOND_KEYS.test(key)) return `${value.toLocaleString('en-US', { maximumFractionDigits: 3 })} s`;
  return Number.isInteger(value) ? count(value) : value.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** The value's cell or definition: text, with the exact number kept in `title` when rounded. */
function scalarNode(tag, key, value) {
  const text = scalarText(key, value);
  const node = el(tag, { className: `value${value === null || value === undefined ? ' missing' : ''}`, textContent: text });
  if (typeof value === 'number' && BYTE_KEYS.test(key)) node.title = bytes(value);
  else if (typeof value === 'number' && text !== count(value)) node.title = String(value);
  return node;
}

/** `file:line` (the base name when `short`), or null when the object names no file. */
function place(object, short) {
  if (typeof object.file !== 'string' || object.file === '') return null;
  const file = short ? object.file.split('/').pop() : object.file;
  return typeof object.line === 'number' && object.line > 0 ? `${file}:${object.line}` : file;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Rows of objects as a table: one column per key (in first-seen order, `file` and `line`
 * as one `where` column); a `group` number becomes a link when `linkGroup` is given.
 */
function objectTable(key, rows, linkGroup) {
  const columns = [];
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      const column = k === 'file' || k === 'line' ? 'where' : k;
      if (!columns.includes(column)) columns.push(column);
    }
  }
  // What and where first: the function (or message), then its place.
  const first = columns.filter((c) => c === 'function' || c === 'message');
  const rest = columns.filter((c) => !first.includes(c) && c !== 'where');
  columns.splice(0, columns.length, ...first, ...(columns.includes('where') ? ['where'] : []), ...rest);
  const cell = (row, column) => {
    if (column === 'where') {
      const where = place(row, true);
      return el('td', { className: 'where', textContent: where ?? '', title: row.file ?? '' });
    }
    const value = row[column];
    if (column === 'group' && Number.isInteger(value) && linkGroup) {
      return el('td', {}, el('button', {
        type: 'button', className: 'link', data: { group: value }, textContent: `group ${value}`,
        on: { click: () => linkGroup(value) },
      }));
    }
    if (isObject(value) || Array.isArray(value)) return el('td', { textContent: JSON.stringify(value) });
    // Long names and messages wrap anywhere; short values (state, counts, file:line) never break.
    if (column === 'function' || column === 'message') return el('td', { className: 'wrap' }, el('code', { textContent: String(value ?? '') }));
    if (value === '' || value === null || value === undefined) return el('td', { className: 'value missing', textContent: 'none' });
    return scalarNode('td', column, value);
  };
  return el('table', { className: 'evidence-table' },
    el('caption', { className: 'visually-hidden', textContent: keyWords(key) }),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', textContent: keyWords(c) })))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...columns.map((c) => cell(row, c))))));
}

/** A list's definition: numbers on one line, strings one a line, objects as a table. */
function listNode(key, items, linkGroup) {
  if (items.length === 0) return el('dd', { className: 'value missing', textContent: 'none' });
  if (items.every(isObject)) return el('dd', { className: 'table' }, objectTable(key, items, linkGroup));
  if (items.every((v) => typeof v === 'number')) return el('dd', { className: 'value', textContent: items.map((v) => scalarText(key, v)).join(', ') });
  return el('dd', {}, el('ul', { className: 'evidence-items' }, ...items.map((v) =>
    el('li', { textContent: isObject(v) || Array.isArray(v) ? JSON.stringify(v) : scalarText(key, v) }))));
}

/**
 * The evidence as a definition list, or null when there is none. Scalars first (the
 * function or call site and its place leading; a `file` and `line` pair as one `where`),
 * lists after them.
 */
export function evidenceList(evidence, { linkGroup = null } = {}) {
  const entries = Object.entries(evidence ?? {});
  if (entries.length === 0) return null;
  const where = place(evidence, false);
  const scalars = [];
  const lists = [];
  for (const [key, value] of entries) {
    if (where && (key === 'file' || key === 'line')) continue;
    (Array.isArray(value) || isObject(value) ? lists : scalars).push([key, value]);
  }
  // What the finding is about first (the function or call site, then where it is); the
  // report's keys come in alphabetical order, which puts `createdBy` before them.
  if (where) scalars.push(['where', where]);
  const lead = (key) => { const at = LEADING_KEYS.indexOf(key); return at < 0 ? LEADING_KEYS.length : at; };
  scalars.sort((a, b) => lead(a[0]) - lead(b[0]));
  const row = (key, definition) => el('div', { className: 'evidence-row', data: { key } },
    el('dt', { textContent: keyWords(key) }), definition);
  return el('dl', { className: 'evidence' },
    ...scalars.map(([key, value]) => row(key, key === 'where'
      ? el('dd', { className: 'value where', textContent: value })
      : scalarNode('dd', key, value))),
    ...lists.map(([key, value]) => row(key, Array.isArray(value)
      ? listNode(key, value, linkGroup)
      : el('dd', {}, objectTable(key, [value], linkGroup)))));
}
