// A table whose column headers sort it (click or Enter on the header button).
// Long tables show their first rows with a button for the rest.

import { el } from './element.js';

const FIRST_ROWS = 300;

/**
 * `columns`: `[{ key, label, value(row), text(row), numeric, className }]`; `sort`:
 * `'key:desc'`; `onSort(sort)` is told the new order.
 */
export function sortableTable({ columns, rows, sort, onSort, caption, rowData, onRowClick, highlight }) {
  const [sortKey, sortDir] = (sort || `${columns.find((c) => c.numeric)?.key ?? columns[0].key}:desc`).split(':');
  const column = columns.find((c) => c.key === sortKey) ?? columns[0];
  const sign = sortDir === 'asc' ? 1 : -1;
  const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => {
    const x = column.value(a.row);
    const y = column.value(b.row);
    const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.i - b.i;
  }).map((r) => r.row);

  const head = el('tr', {}, ...columns.map((c) => {
    const active = c.key === column.key;
    const next = active && sortDir === 'desc' ? 'asc' : 'desc';
    return el('th', {
      scope: 'col', className: c.numeric ? 'num' : '',
      attrs: { 'aria-sort': active ? (sortDir === 'asc' ? 'ascending' : 'descending') : 'none' },
    }, el('button', {
      type: 'button', className: 'sort', data: { column: c.key },
      textContent: `${c.label}${active ? (sortDir === 'asc' ? ' ▲' : ' ▼') : ''}`,
      on: { click: () => onSort(`${c.key}:${next}`) },
    }));
  }));
  const body = el('tbody');
  const fill = (limit) => {
    body.replaceChildren(...sorted.slice(0, limit).map((row) => {
      const tr = el('tr', { data: rowData?.(row) ?? {} }, ...columns.map((c) =>
        el('td', { className: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() }, c.text(row))));
      if (highlight?.(row)) tr.classList.add('highlight');
      if (onRowClick) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => onRowClick(row));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') onRowClick(row); });
      }
      return tr;
    }));
  };
  fill(FIRST_ROWS);
  const table = el('table', { className: 'data' },
    caption ? el('caption', { textContent: caption }) : null, el('thead', {}, head), body);
  if (sorted.length <= FIRST_ROWS) return table;
  const rest = el('button', {
    type: 'button', className: 'secondary', textContent: `Show all ${sorted.length} rows`,
    on: { click: () => { fill(sorted.length); rest.remove(); } },
  });
  return el('div', {}, table, rest);
}
