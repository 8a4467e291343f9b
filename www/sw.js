// goroseer's service worker: the page works offline after its first visit. It keeps the
// page's own files only (the page, its modules, the wasm, the manifest) — never a dump:
// dumps are read from files, pastes and link fragments, which never reach it.
//
// Installing, it fetches the page and follows the modules' `import` statements from there
// (no list of files to keep in step with the code). Serving, it asks the network first, so
// a new version shows as soon as it is deployed, and falls back to what it kept when offline.

const CACHE = 'goroseer-v1';
/** Where the page's files start; modules they import are found by reading them. */
const ROOTS = ['./', 'src/style.css', 'src/main.js', 'src/page-analyzer.js', 'src/worker.js',
  'pkg/goroseer_wasm.js', 'pkg/goroseer_wasm_bg.wasm', 'pkg/goroseer_wasm_bg.wasm.xz', 'manifest.json',
  'icon.svg'];
/** `import … from './x.js'`, `import('./x.js')`, `new URL('./x', import.meta.url)`. */
const IMPORTS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bnew URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

async function precache() {
  const cache = await caches.open(CACHE);
  const seen = new Set();
  const queue = ROOTS.map((path) => new URL(path, self.registration.scope).href);
  while (queue.length > 0) {
    const url = queue.shift();
    if (seen.has(url) || new URL(url).origin !== self.location.origin) continue;
    seen.add(url);
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) continue;
    await cache.put(url, response.clone());
    if (url.endsWith('.js')) {
      for (const [, path] of (await response.text()).matchAll(IMPORTS)) queue.push(new URL(path, url).href);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
      return response;
    } catch (error) {
      const kept = await cache.match(request, { ignoreSearch: true })
        ?? (request.mode === 'navigate' ? await cache.match(new URL('./', self.registration.scope).href) : undefined);
      if (kept) return kept;
      throw error;
    }
  })());
});
