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
 * The text of an input as the page was given it (`{ text }` or `{ blob }`, gzip undone);
 * null for an archive, which a link cannot carry.
 */
export async function inputText(input) {
  if (input.text !== undefined) return input.text;
  let bytes = new Uint8Array(await input.blob.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await streamed(bytes, new DecompressionStream('gzip'));
  // zip (`PK\x03\x04`) or tar (`ustar` at 257): several files in one.
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || new TextDecoder().decode(bytes.subarray(257, 262)) === 'ustar') return null;
  // A pprof protobuf (binary): not text, no link.
  if (bytes.subarray(0, 4096).includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}
