// A table whose column headers sort it (click or Enter on the header button).
// Long tables show their first rows with a button for the rest. Rows may open to a detail
// (a record's stack): a button in the first cell with aria-expanded inserts a row below.

import { el } from './element.js';

const FIRST_ROWS = 300;

/**
 * `columns`: `[{ key, label, value(row), text(row), numeric, className }]`; `sort`:
 * `'key:desc'`; `onSort(sort)` is told the new order. `detail(row)` (optional) builds what
 * a row opens to; rows for which `highlight(row)` is true start open.
 */
export function sortableTable({ columns, rows, sort, onSort, caption, rowData, onRowClick, highlight, detail }) {
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
  // Rows opened by the user (or highlighted) stay open when "Show all" rebuilds the body.
  const open = new Set(sorted.filter((row) => detail && highlight?.(row)));
  const fill = (limit) => {
    body.replaceChildren(...sorted.slice(0, limit).flatMap((row) => {
      const cells = columns.map((c) =>
        el('td', { className: [c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() }, c.text(row)));
      const tr = el('tr', { data: rowData?.(row) ?? {} }, ...cells);
      if (highlight?.(row)) tr.classList.add('highlight');
      if (onRowClick) {
        tr.tabIndex = 0;
        tr.classList.add('clickable');
        tr.addEventListener('click', () => onRowClick(row));
        tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') onRowClick(row); });
      }
      if (!detail) return [tr];
      const detailRow = el('tr', { className: 'detail-row' }, el('td', { colSpan: columns.length }));
      cells[0].prepend(disclosure(open.has(row), cells[0].textContent, (expanded) => {
        if (expanded) {
          open.add(row);
          if (!detailRow.firstChild.hasChildNodes()) detailRow.firstChild.append(detail(row));
          tr.after(detailRow);
        } else {
          open.delete(row);
          detailRow.remove();
        }
      }));
      if (!open.has(row)) return [tr];
      detailRow.firstChild.append(detail(row));
      return [tr, detailRow];
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

/**
 * A ▸/▾ button with aria-expanded, named after its row's `name`; `onToggle(expanded)` is
 * told each change.
 */
function disclosure(expanded, name, onToggle) {
  const button = el('button', { type: 'button', className: 'expand' });
  const show = (on) => {
    button.setAttribute('aria-expanded', on ? 'true' : 'false');
    button.setAttribute('aria-label', `${on ? 'Hide' : 'Show'} the stack of ${name}`);
    button.textContent = on ? '▾' : '▸';
  };
  show(expanded);
  button.addEventListener('click', (event) => {
    // A clickable row must not also take the click as its own.
    event.stopPropagation();
    const on = button.getAttribute('aria-expanded') !== 'true';
    show(on);
    onToggle(on);
  });
  button.addEventListener('keydown', (event) => { if (event.key === 'Enter') event.stopPropagation(); });
  return button;
}
