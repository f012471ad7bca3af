// String conversion between JavaScript and wasm memory for izkit-wasm: conversion only.
// wasm-bindgen's own glue decodes every returned string with TextDecoder, which costs far more
// than the short values `get` returns (a name, a code, a date); this reads short ASCII values
// with a loop instead. Imported by the generated glue (pkg/*/snippets/).

let memory = null;
let u8 = new Uint8Array(0);
const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

export function izkitSetMemory(m) {
  memory = m;
  u8 = new Uint8Array(0);
}

// The UTF-8 text at wasm memory [ptr, ptr + len) as a JavaScript string.
export function izkitString(ptr, len) {
  if (u8.byteLength === 0) u8 = new Uint8Array(memory.buffer); // new or grown (detached) memory
  const end = ptr + len;
  if (len <= 48) {
    let s = '';
    for (let i = ptr; i < end; i++) {
      const c = u8[i];
      if (c >= 0x80) return decoder.decode(u8.subarray(ptr, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(u8.subarray(ptr, end));
}
