// A minimal reader for R's serialization format (XDR, versions 2 and 3) and for the lazy-load
// database (data/Rdata.rdx + Rdata.rdb) an installed R package keeps its data sets in. R itself
// is not needed: janeaustenr's novels are plain character vectors, so only the object types
// that can occur around them are decoded; anything else fails loudly instead of guessing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// SEXP type codes (R's Rinternals.h) and the pseudo-types used only in the stream.
const T = {
  SYM: 1,
  LIST: 2,
  CLO: 3,
  ENV: 4,
  PROM: 5,
  LANG: 6,
  CHAR: 9,
  LGL: 10,
  INT: 13,
  REAL: 14,
  STR: 16,
  DOT: 17,
  VEC: 19,
  EXPR: 20,
  RAW: 24,
  ALTREP: 238,
  ATTRLIST: 239,
  ATTRLANG: 240,
  REF: 255,
};
const NULL_LIKE = new Set([254, 253, 252, 251, 250, 242, 241]); // NILVALUE, GLOBALENV, ...
const PAIR_TYPES = new Set([T.LIST, T.CLO, T.PROM, T.LANG, T.DOT, T.ATTRLIST, T.ATTRLANG]);

/** Decodes one serialized R object (the bytes after any compression). */
export function unserialize(buf) {
  const r = { buf, p: 0, refs: [] };
  if (buf.toString('latin1', 0, 2) !== 'X\n') throw new Error('R data: not XDR serialization');
  r.p = 2;
  const version = readInt(r);
  readInt(r); // writer version
  readInt(r); // minimal reader version
  if (version === 3) {
    const n = readInt(r); // native encoding name: length, then bytes
    r.p += n;
  }
  return readItem(r);
}

function readInt(r) {
  const v = r.buf.readInt32BE(r.p);
  r.p += 4;
  return v;
}

// Vector lengths above 2^31-1 are written as -1 followed by two 32-bit halves.
function readLength(r) {
  const n = readInt(r);
  return n !== -1 ? n : readInt(r) * 2 ** 32 + (readInt(r) >>> 0);
}

function readItem(r) {
  const flags = readInt(r);
  const type = flags & 0xff;
  const hasAttr = (flags & (1 << 9)) !== 0;
  const hasTag = (flags & (1 << 10)) !== 0;
  if (NULL_LIKE.has(type)) return null;
  if (type === T.REF) return r.refs[(flags >> 8 || readInt(r)) - 1];
  if (type === T.SYM) return symbol(r);
  if (type === T.CHAR) return charsxp(r, flags);
  if (PAIR_TYPES.has(type)) return pairlist(r, type, hasAttr, hasTag);
  if (type === T.ENV) return environment(r);
  if (type === T.ALTREP) return { altrepInfo: readItem(r), state: readItem(r), attr: readItem(r) };
  return withAttributes(r, vector(r, type), hasAttr);
}

function symbol(r) {
  const sym = { sym: readItem(r) };
  r.refs.push(sym); // later REFSXPs point back at symbols by position
  return sym;
}

// CHARSXP: length -1 is NA; bit 2 of the "levels" field marks latin1, otherwise UTF-8/ASCII.
function charsxp(r, flags) {
  const n = readInt(r);
  if (n === -1) return null;
  const latin1 = ((flags >> 12) & 4) !== 0;
  const s = r.buf.toString(latin1 ? 'latin1' : 'utf8', r.p, r.p + n);
  r.p += n;
  return s;
}

function pairlist(r, type, hasAttr, hasTag) {
  const node = { type, attr: hasAttr ? readItem(r) : null, tag: hasTag ? readItem(r) : null };
  node.car = readItem(r);
  node.cdr = readItem(r);
  return node;
}

function environment(r) {
  const env = {};
  r.refs.push(env);
  readInt(r); // locked flag
  Object.assign(env, { enclos: readItem(r), frame: readItem(r), hashtab: readItem(r) });
  env.attr = readItem(r);
  return env;
}

function vector(r, type) {
  const n = readLength(r);
  const out = [];
  if (type === T.LGL || type === T.INT) for (let i = 0; i < n; i++) out.push(readInt(r));
  else if (type === T.REAL) for (let i = 0; i < n; i++, r.p += 8) out.push(r.buf.readDoubleBE(r.p));
  else if (type === T.STR || type === T.VEC || type === T.EXPR) {
    for (let i = 0; i < n; i++) out.push(readItem(r));
  } else if (type === T.RAW) {
    out.push(r.buf.subarray(r.p, r.p + n));
    r.p += n;
  } else throw new Error(`R data: unsupported object type ${type} at byte ${r.p}`);
  return out;
}

function withAttributes(r, value, hasAttr) {
  if (hasAttr) value.attributes = readItem(r);
  return value;
}

/** The `names` attribute of a decoded vector, or undefined. */
export function names(value) {
  for (let node = value.attributes; node; node = node.cdr) {
    if (node.tag && node.tag.sym === 'names') return node.car;
  }
  return undefined;
}

// rdb entries are a 4-byte big-endian uncompressed length followed by the compressed object;
// R writes zlib (type 1) by default, and bzip2/xz only with a type byte this reader rejects.
function inflateEntry(chunk) {
  const body = chunk.subarray(4);
  if (body[0] !== 0x78)
    throw new Error('R data: only zlib-compressed lazy-load entries are supported');
  return zlib.inflateSync(body);
}

/** Reads every object of a lazy-load database; returns a Map name -> decoded value. */
export function readLazyLoadDb(dir, base = 'Rdata') {
  const index = unserialize(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${base}.rdx`))));
  const db = fs.readFileSync(path.join(dir, `${base}.rdb`));
  const variables = index[names(index).indexOf('variables')];
  const out = new Map();
  names(variables).forEach((name, i) => {
    const [offset, length] = variables[i];
    out.set(name, unserialize(inflateEntry(db.subarray(offset, offset + length))));
  });
  return out;
}
