// The page's analyzer, started by its own tiny module script ahead of src/main.js (async:
// it runs as soon as it and analyzer.js, preloaded, have loaded, touching no DOM): the
// worker starts, and the wasm (preloaded too) compiles, while the browser is still loading
// main.js's modules, instead of after them. main.js imports this module, so both hold one
// instance.

import { Analyzer } from './analyzer.js';

/** The page's one Analyzer (its worker is starting as soon as this module runs). */
export const analyzer = new Analyzer();
// main.js reports a failed start in the page; it may not have loaded yet when one happens,
// and an unheard rejection would be logged as an uncaught error meanwhile.
analyzer.ready.catch(() => {});
