// Light and dark: follows the system (prefers-color-scheme) until the user picks one with
// the toggle; the pick is kept in localStorage.

import { readSetting } from './stored-setting.js';

const KEY = 'goroseer.theme';

function systemTheme() {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme in force: the saved pick, else the system's. */
export function currentTheme() {
  return document.documentElement.dataset.theme ?? systemTheme();
}

export function applySavedTheme() {
  const saved = readSetting(KEY);
  if (saved === 'dark' || saved === 'light') document.documentElement.dataset.theme = saved;
}

/** Wires `button` to switch between light and dark. */
export function themeToggle(button) {
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    button.textContent = next === 'dark' ? '☾' : '☀';
    button.setAttribute('aria-label', `Switch to ${next} theme`);
    button.title = `Switch to ${next} theme`;
  };
  button.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    localStorage.setItem(KEY, next);
    label();
    // Canvases paint with the theme's colours: tell them to paint again.
    window.dispatchEvent(new Event('goroseer-theme'));
  });
  label();
}
