// Entry of `www/pkg/xz.js`, which xtask bundles from the npm package xz-decompress (an
// xz-embedded decoder compiled to wasm): the page unpacks the main wasm module with it.
export { XzReadableStream } from 'xz-decompress';
