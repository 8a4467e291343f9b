// An annotation's evidence (the facts that made its rule fire) as a person reads it: one
// row per item, in the report's order — its label, its value formatted by its unit
// (format.js; the core decided the unit, the page never guesses it from a key) — lists
// one item a line, tables (likely lock holders, panics, call sites) as small tables.
// Every value from a dump goes in as text.

import { el } from './element.js';
import { count, withUnit } from './format.js';

/** Units whose values are names or words from the dump: shown as code, wrapping anywhere. */
const NAME_UNITS = new Set(['function', 'text', 'state']);

/** A location: the function as code, then its base file name and line (full path in `title`). */
function locationNodes(location, short) {
  const nodes = [el('code', { textContent: location.function })];
  if (location.file) {
    const file = short ? location.file.split('/').pop() : location.file;
    nodes.push(' ', el('span', { className: 'where', textContent: `${file}:${location.line}`, title: location.file }));
  }
  return nodes;
}

/** One value of `unit` as DOM children: a link for a group, code for a name, text otherwise. */
function valueNodes(value, unit, { linkGroup, groupName, short = false } = {}) {
  if (value === null || value === undefined) return [withUnit(value, unit)];
  if (unit === 'location') return locationNodes(value, short);
  if (unit === 'group' && linkGroup) {
    return [el('button', {
      type: 'button', className: 'link', data: { group: value }, textContent: groupName?.(value) ?? withUnit(value, unit),
      title: withUnit(value, unit),
      on: { click: () => linkGroup(value) },
    })];
  }
  if (NAME_UNITS.has(unit)) return [el('code', { textContent: withUnit(value, unit) })];
  return [withUnit(value, unit)];
}

/** The exact figure behind a rounded one, for the value's `title`. */
function exact(value, unit) {
  if (typeof value !== 'number') return null;
  if (unit === 'bytes') return `${count(value)} B`;
  return withUnit(value, unit) === String(value) ? null : String(value);
}

/** A table value: one column per item key (its label as header), cells formatted by the column's unit. */
function tableNode(item, linkGroup, groupName) {
  const { columns, rows } = item.value;
  return el('table', { className: 'evidence-table' },
    el('caption', { className: 'visually-hidden', textContent: item.label }),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col', textContent: c.label, data: { key: c.key } })))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...columns.map((c, i) => {
      const value = row[i];
      const className = [
        value === null || value === undefined ? 'value missing' : 'value',
        NAME_UNITS.has(c.unit) || c.unit === 'location' ? 'wrap' : '',
      ].filter(Boolean).join(' ');
      return el('td', { className, data: { key: c.key } }, ...valueNodes(value, c.unit, { linkGroup, groupName, short: true }));
    })))));
}

/** The definition of one item. */
function definition(item, linkGroup, groupName) {
  const { value, unit } = item;
  if (unit === 'table') return el('dd', { className: 'table' }, tableNode(item, linkGroup, groupName));
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'number')) return el('dd', { className: 'value', textContent: withUnit(value, unit) });
    return el('dd', {}, el('ul', { className: 'evidence-items' }, ...value.map((v) => el('li', {}, ...valueNodes(v, unit, { linkGroup, groupName })))));
  }
  const title = exact(value, unit);
  return el('dd', { className: `value${unit === 'location' ? ' where' : ''}`, ...(title ? { title } : {}) },
    ...valueNodes(value, unit, { linkGroup, groupName }));
}

/** Whether an item says something: a row "created by: –" does not. */
function hasValue(item) {
  const { value } = item;
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (item.unit === 'table') return (value.rows?.length ?? 0) > 0;
  return true;
}

/** Evidence rows shown open; more fold behind "N more facts". */
const OPEN_ROWS = 4;

/**
 * The evidence (a list of `{key, label, value, unit}` items) as a definition list — the
 * items with a value, the first few open and the rest folded — or null when none has one.
 * `linkGroup(id)` opens a group; `groupName(id)` names it for its link (else "group N").
 */
export function evidenceList(evidence, { linkGroup = null, groupName = null } = {}) {
  const items = (evidence ?? []).filter(hasValue);
  if (items.length === 0) return null;
  const list = (part) => el('dl', { className: 'evidence' }, ...part.map((item) => el('div', {
    className: 'evidence-row', data: { key: item.key, unit: item.unit },
  }, el('dt', { textContent: item.label }), definition(item, linkGroup, groupName))));
  if (items.length <= OPEN_ROWS + 1) return list(items);
  const rest = items.slice(OPEN_ROWS);
  return el('div', { className: 'evidence-block' }, list(items.slice(0, OPEN_ROWS)),
    el('details', { className: 'more-evidence' },
      el('summary', { textContent: `${rest.length} more facts` }), list(rest)));
}

/** The evidence as Markdown list lines (indented under the annotation's own line). */
export function evidenceMarkdown(evidence, code) {
  const cell = (value, unit) => {
    const text = withUnit(value, unit);
    return value !== null && value !== undefined && (NAME_UNITS.has(unit) || unit === 'location') ? code(text) : text;
  };
  const lines = [];
  for (const item of (evidence ?? []).filter(hasValue)) {
    if (item.unit === 'table') {
      lines.push(`  - ${item.label}:`);
      for (const row of item.value.rows) {
        lines.push(`    - ${item.value.columns.map((c, i) => (c.unit === 'flag' ? `${c.label}: ${cell(row[i], c.unit)}` : cell(row[i], c.unit))).join(' · ')}`);
      }
    } else if (Array.isArray(item.value) && item.value.some((v) => typeof v !== 'number')) {
      lines.push(`  - ${item.label}: ${item.value.map((v) => cell(v, item.unit)).join(', ')}`);
    } else {
      lines.push(`  - ${item.label}: ${cell(item.value, item.unit)}`);
    }
  }
  return lines;
}
