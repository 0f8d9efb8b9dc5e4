// Draws the sample images in public/samples/ (PNG, written with Node's zlib; no image library).
// Run: node scripts/make-samples.mjs. The output is committed; re-running gives identical files.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 192;

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** RGB pixels from paint(x, y) → [r, g, b], as a PNG file. */
function png(paint) {
  const raw = Buffer.alloc(SIZE * (SIZE * 3 + 1));
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b] = paint(x + 0.5, y + 0.5);
      raw.set([r, g, b], y * (SIZE * 3 + 1) + 1 + x * 3);
    }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Colour-blind-safe colours (Okabe & Ito).
const BLUE = [0, 114, 178],
  ORANGE = [230, 159, 0],
  GREEN = [0, 158, 115];
const PINK = [204, 121, 167],
  SKY = [86, 180, 233],
  PAPER = [246, 244, 238];

const samples = {
  // A circle, a square and a triangle on paper.
  'shapes.png': (x, y) => {
    if ((x - 52) ** 2 + (y - 56) ** 2 < 34 ** 2) return ORANGE;
    if (x > 108 && x < 168 && y > 24 && y < 84) return BLUE;
    if (y > 112 && y < 172 && Math.abs(x - 96) < (y - 112) * 0.6) return GREEN;
    return PAPER;
  },
  // Diagonal stripes in two colours, with a horizontal band across.
  'stripes.png': (x, y) => {
    if (y > 84 && y < 108) return PINK;
    return Math.floor((x + y) / 24) % 2 ? SKY : PAPER;
  },
  // A 4 × 4 grid of dots; one is the odd one out.
  'dots.png': (x, y) => {
    const cx = Math.floor(x / 48),
      cy = Math.floor(y / 48);
    const dx = x - (cx * 48 + 24),
      dy = y - (cy * 48 + 24);
    if (dx * dx + dy * dy < 14 ** 2) return cx === 2 && cy === 1 ? ORANGE : BLUE;
    return PAPER;
  },
};

for (const [name, paint] of Object.entries(samples)) {
  const path = new URL(`../public/samples/${name}`, import.meta.url);
  writeFileSync(path, png(paint));
  console.log(`wrote public/samples/${name}`);
}
