// Fetching the .wasm: a wrong response becomes an Error that says what came back and what to do.
import { describe, expect, it } from 'vitest';
import { fetchWasm } from '../../../web/lib/fetch-wasm.js';

describe('fetchWasm', () => {
  it('rejects a page that is not WebAssembly, naming its type and the fix', async () => {
    await expect(fetchWasm('data:text/html,<p>not found</p>')).rejects.toThrow(
      /is not a WebAssembly file \(got text\/html.*optimizeDeps: \{ exclude: \["headscope"\] \}/,
    );
  });

  it('returns the bytes of a real WebAssembly file', async () => {
    // The smallest valid module: magic "\0asm" and version 1.
    const bytes = await fetchWasm('data:application/wasm;base64,AGFzbQEAAAA=');
    expect(Array.from(bytes)).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  });
});
