// A minimal PNG encoder (8-bit greyscale or RGBA, one IDAT chunk), written from the PNG
// specification, so page tests can hand Chromium pictures of any size without shipping them.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of width × height pixels. `row(y)` gives each row's samples: width bytes of grey, or
 * width × 4 bytes of RGBA when `rgba` is set.
 */
export function encodePng(
  width: number,
  height: number,
  row: (y: number) => Uint8Array,
  rgba = false,
): Buffer {
  const channels = rgba ? 4 : 1;
  const stride = 1 + width * channels; // a filter byte (0: none) before each row
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) raw.set(row(y), y * stride + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = rgba ? 6 : 0; // colour type
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
