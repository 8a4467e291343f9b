// Links from frames to source code, from a URL template the user sets (kept in
// localStorage). Only links: nothing is ever fetched.
//
// Template: `https://github.com/acme/shop/blob/v1.2.3/{path}#L{line}`.
// Prefix mapping, one per line: `/app/ => ` strips `/app/` from file paths before they
// fill `{path}`; the first matching prefix wins. Files no prefix matches get no link when
// at least one mapping is set (they are someone else's code).

import { readSetting } from './stored-setting.js';

const KEY = 'goroseer.sourceLinks';

/** `{ template, mappings: [{ from, to }] }` as saved, or empty. */
export function loadSourceLinks() {
  try {
    const saved = JSON.parse(readSetting(KEY) ?? 'null');
    if (saved && typeof saved.template === 'string' && Array.isArray(saved.mappings)) return saved;
  } catch {
    // Unreadable settings are as good as none.
  }
  return { template: '', mappings: [] };
}

export function saveSourceLinks(settings) {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

/** `a => b` lines → mappings. */
export function parseMappings(text) {
  return text.split('\n')
    .map((line) => line.split('=>'))
    .filter((parts) => parts.length === 2 && parts[0].trim() !== '')
    .map(([from, to]) => ({ from: from.trim(), to: to.trim() }));
}

export function formatMappings(mappings) {
  return mappings.map((m) => `${m.from} => ${m.to}`).join('\n');
}

/** The link for `file:line`, or null (no template, unmapped file, not http(s)). */
export function sourceUrl(settings, file, line) {
  if (!settings.template || !file) return null;
  let path = file;
  if (settings.mappings.length > 0) {
    const mapping = settings.mappings.find((m) => file.startsWith(m.from));
    if (!mapping) return null;
    path = mapping.to + file.slice(mapping.from.length);
  }
  const encodedPath = path.split('/').map(encodeURIComponent).join('/').replace(/^\/+/, '');
  const href = settings.template.replaceAll('{path}', encodedPath).replaceAll('{line}', String(line ?? 0));
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
