// Share links: the dump itself, deflated (CompressionStream) and base64url-encoded into the
// URL fragment (`#…&d=…`), which browsers never send to a server, next to the view state.
// Opening such a link reads the dump from the fragment: no request beyond the page's own
// files. Redaction (`redact=1`) is done by the core (wasm `redactText`), never here.

/** Links above this many characters are not offered: a file is, instead. */
export const MAX_LINK = 2_000_000;

const FORMAT = 1;

async function streamed(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** `[{ name, text }]` as the fragment's `d` value. */
export async function encodeInputs(inputs) {
  const json = JSON.stringify({ v: FORMAT, inputs: inputs.map(({ name, text }) => ({ name, text })) });
  return base64url(await streamed(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
}

/** The inputs of a fragment's `d` value; throws on a damaged or foreign value. */
export async function decodeInputs(value) {
  const json = new TextDecoder().decode(await streamed(fromBase64url(value), new DecompressionStream('deflate-raw')));
  const data = JSON.parse(json);
  if (data?.v !== FORMAT || !Array.isArray(data.inputs)) throw new Error('not a goroseer link');
  return data.inputs.map((input, i) => ({ name: String(input.name ?? `dump ${i + 1}`), text: String(input.text ?? '') }));
}

/** The `d` value of a hash (`#view=x&d=…`), or null. */
export function sharedData(hash) {
  return new URLSearchParams(hash.replace(/^#/, '')).get('d');
}

/**
 * Inputs bigger than this (bytes of text) are not read for a link: Go dumps deflate at
 * most ~75× in the corpus (the 100k-goroutine dump 65×), so such an input cannot fit in
 * `MAX_LINK` characters (base64 of ≤ 1.5 MB deflated) and a file is offered at once.
 */
export const MAX_SOURCE = 112_000_000;

/** The `d` value of the dump a link opened, kept in the URL while that dump is shown. */
let opened = null;

/** Remembers the `d` value of the link the page opened (null: the dump shown is another). */
export function keepSharedData(value) {
  opened = value;
}

/** `hash` (view state, without `#`) with the opened link's dump, so a reload shows it again. */
export function withSharedData(hash) {
  if (!opened) return hash;
  return `${hash ? `${hash}&` : ''}d=${opened}`;
}
