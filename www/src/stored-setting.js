// Settings the page keeps in localStorage, under `goroseer.NAME` keys.
//
// The project was called goroscope before; a setting saved under the old name's key is
// moved to the new key the first time it is read, so saved source-link templates and theme
// picks survive the rename.

export const LEGACY_PREFIX = 'goroscope.';

/** The stored string for `key` (`goroseer.NAME`), or null. */
export function readSetting(key) {
  const value = localStorage.getItem(key);
  if (value !== null) return value;
  const legacyKey = LEGACY_PREFIX + key.slice(key.indexOf('.') + 1);
  const legacy = localStorage.getItem(legacyKey);
  if (legacy === null) return null;
  localStorage.setItem(key, legacy);
  localStorage.removeItem(legacyKey);
  return legacy;
}
