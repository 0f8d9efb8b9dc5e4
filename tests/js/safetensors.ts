// A minimal safetensors reader written here from the format's description (8-byte little-endian
// header length, JSON header, raw little-endian tensors), independent of the core's loader, so
// tests can check what the core computes from a checkpoint.
export interface TensorFile {
  metadata: Record<string, string>;
  tensor(name: string): Float32Array;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

export function readSafetensors(bytes: Uint8Array): TensorFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  > & { __metadata__?: Record<string, string> };
  const base = 8 + n;
  return {
    metadata: header.__metadata__ ?? {},
    tensor(name) {
      const t = header[name];
      if (!t) throw new Error(`no tensor ${name}`);
      const [begin, end] = t.data_offsets;
      const size = t.dtype === 'F16' ? 2 : 4;
      const out = new Float32Array((end - begin) / size);
      for (let i = 0; i < out.length; ++i) {
        const at = base + begin + i * size;
        out[i] =
          t.dtype === 'F16' ? halfToFloat(view.getUint16(at, true)) : view.getFloat32(at, true);
      }
      return out;
    },
  };
}

/**
 * The same checkpoint with its JSON header changed by `edit` (the tensor bytes kept as they are),
 * so tests can make a file that is well formed but asks for something the loader must refuse.
 */
export function editHeader(
  bytes: Uint8Array,
  edit: (header: Record<string, unknown> & { __metadata__: Record<string, string> }) => void,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + n), 8 + json.length);
  return out;
}

/** Where tensor `name`'s bytes start in the file. */
export function tensorOffset(bytes: Uint8Array, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  return 8 + n + (header[name].data_offsets[0] as number);
}
