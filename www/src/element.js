// Builds DOM nodes. Text always goes in as text nodes, so a string from a dump can never
// become markup; there is deliberately no way to pass HTML here.

/**
 * `el('a', { className: 'x', href, data: { id: 3 }, attrs: { 'aria-label': 'y' },
 * on: { click } }, 'text', child)`.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { data, attrs, on, ...rest } = props;
  Object.assign(node, rest);
  for (const [key, value] of Object.entries(data ?? {})) node.dataset[key] = String(value);
  for (const [key, value] of Object.entries(attrs ?? {})) node.setAttribute(key, String(value));
  for (const [type, listener] of Object.entries(on ?? {})) node.addEventListener(type, listener);
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** An SVG element (charts). */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** `parent.append(...)` that skips null/undefined/false, like `el` does for children. */
export function appendTo(parent, ...children) {
  parent.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return parent;
}
