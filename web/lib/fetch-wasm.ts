/** The first bytes of every WebAssembly binary: "\0asm". */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Fetches `url`'s bytes. A network failure or an HTTP error becomes an Error naming `what` was
 * fetched from where, followed by `hint` (what to do) after an HTTP error.
 */
export async function fetchBytes(
  url: string,
  what: string,
  hint = '',
): Promise<{ bytes: Uint8Array; response: Response }> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new Error(`could not fetch ${what} from ${url}: ${(e as Error).message}`);
  }
  if (!response.ok)
    throw new Error(
      `could not fetch ${what} from ${url}: HTTP ${response.status}.${hint ? ` ${hint}` : ''}`,
    );
  return { bytes: new Uint8Array(await response.arrayBuffer()), response };
}

/**
 * Fetches headscope.wasm, turning the usual ways this goes wrong into an Error that says what
 * was fetched and what to do, instead of a compile error deep inside the runtime.
 */
export async function fetchWasm(url: string): Promise<Uint8Array> {
  const hint =
    'If you use the Vite dev server, add optimizeDeps: { exclude: ["headscope"] } to your Vite ' +
    'config; otherwise pass { wasmUrl } or { wasmBinary } to loadHeadscope().';
  const { bytes, response } = await fetchBytes(url, 'headscope.wasm', hint);
  if (!WASM_MAGIC.every((b, i) => bytes[i] === b))
    throw new Error(
      `${url} is not a WebAssembly file (got ${response.headers.get('content-type') ?? 'unknown type'}). ${hint}`,
    );
  return bytes;
}
