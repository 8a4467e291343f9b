// Function names as rows show them: the report's short name (`short`: the program's module
// prefix dropped, `.funcN` as `func N`), the full name on hover; a setting shows full names.
// Where space is tight the name is cut from the left, so the function itself stays.

import { el } from './element.js';
import { readSetting } from './stored-setting.js';

const KEY = 'goroseer.fullNames';
let full = null;

/** Whether the user asked for full names (kept in this browser). */
export function fullNames() {
  if (full === null) {
    try { full = readSetting(KEY) === '1'; } catch { full = false; }
  }
  return full;
}

export function setFullNames(on) {
  full = Boolean(on);
  try { localStorage.setItem(KEY, full ? '1' : '0'); } catch { /* Not kept: this page only. */ }
}

/** The name of `frame` to show in a row. */
export function displayName(frame) {
  if (!frame) return '';
  return fullNames() ? frame.function : (frame.short ?? frame.function);
}

/**
 * A frame's name for a tight space: `className` plus `name`, the full name as title, cut
 * from the left with "…" when it does not fit (the inner element keeps left-to-right order).
 */
export function nameNode(frame, className = '') {
  return el('span', { className: `name cut-left ${className}`.trim(), title: frame?.function ?? '' },
    el('bdi', { textContent: displayName(frame) }));
}

/** A frame's name for a table cell: it may wrap, after a `/` or `.` (never mid-identifier). */
export function wrappingName(frame, text = displayName(frame), title = frame?.function ?? '') {
  const parts = text.split(/(?<=[/.])/);
  const node = el('span', { className: 'name', title });
  parts.forEach((part, i) => node.append(...(i > 0 ? [el('wbr'), part] : [part])));
  return node;
}

/**
 * What a group is doing, as the report names it (`group.name`: `db.(*Pool).Get → cond
 * wait`); with full names on, the subject's full function. The key frame's name when the
 * report has none (an older report).
 */
export function groupNameText(group, fallbackFrame) {
  const name = group?.name;
  if (!name) return displayName(fallbackFrame);
  if (!fullNames() || !name.function) return name.text;
  return name.wait ? `${name.function} → ${name.wait}` : name.function;
}

/** A group's name for a row: cut from the left, the subject's full function as title. */
export function groupNameNode(group, fallbackFrame, className = '') {
  const title = group?.name ? (group.name.function ?? group.name.text) : (fallbackFrame?.function ?? '');
  return el('span', { className: `name cut-left ${className}`.trim(), title },
    el('bdi', { textContent: groupNameText(group, fallbackFrame) }));
}
