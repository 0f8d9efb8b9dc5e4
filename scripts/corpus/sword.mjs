// Reader for SWORD "zText" Bible modules (as packaged by Debian's sword-text-* packages) and a
// small OSIS-to-plain-text converter. Layout of a zText testament (ot.* / nt.*):
//   .bzs  12-byte records: offset, compressed size, uncompressed size (uint32 LE) of each block
//   .bzz  the blocks, each a zlib stream (CompressType=ZIP)
//   .bzv  10-byte records, one per verse slot: block number, byte offset, length (uint32, uint32,
//         uint16 LE); empty slots have length 0
// Verse numbers are implied by a record's position, never written in the text, so the text
// carries no verse numbers to strip; chapters and books are marked by OSIS milestones.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

function readBlocks(bzs, bzz) {
  const blocks = [];
  for (let i = 0; i + 12 <= bzs.length; i += 12) {
    const offset = bzs.readUInt32LE(i);
    const size = bzs.readUInt32LE(i + 4);
    const expected = bzs.readUInt32LE(i + 8);
    const block = size ? zlib.inflateSync(bzz.subarray(offset, offset + size)) : Buffer.alloc(0);
    if (size && block.length !== expected) throw new Error(`zText block ${i / 12}: size mismatch`);
    blocks.push(block);
  }
  return blocks;
}

/** All verse-slot texts of one testament ("ot" or "nt"), in canonical order. */
export function readTestament(moduleDir, testament) {
  const file = (ext) => fs.readFileSync(path.join(moduleDir, `${testament}.${ext}`));
  const blocks = readBlocks(file('bzs'), file('bzz'));
  const bzv = file('bzv');
  const entries = [];
  for (let i = 0; i + 10 <= bzv.length; i += 10) {
    const length = bzv.readUInt16LE(i + 8);
    if (!length) continue;
    const block = blocks[bzv.readUInt32LE(i)];
    const start = bzv.readUInt32LE(i + 4);
    entries.push(block.subarray(start, start + length).toString('utf8'));
  }
  return entries;
}

// Elements dropped with their content: footnotes and cross references (with their "1:1"
// verse labels), editorial headings, speaker labels (Song of Songs), glossary keywords.
const DROP_WITH_CONTENT = [
  /<note\b[^>]*>[\s\S]*?<\/note>/g,
  /<title\b(?![^>]*type="psalm")[^>]*>[\s\S]*?<\/title>/g,
  /<speaker\b[^>]*>[\s\S]*?<\/speaker>/g,
  /<seg\b[^>]*type="keyword"[^>]*>[\s\S]*?<\/seg>/g,
];
// Elements that end a paragraph: paragraph and line-group milestones, list items, psalm titles.
const PARAGRAPH_BREAK = /<(?:div\b[^>]*type="x-p"|lb\b|lg\b|\/?item\b|\/?title\b|\/?list\b)[^>]*>/g;

/** OSIS fragment -> paragraphs of plain text (markup, notes and headings removed). */
export function osisToParagraphs(osis) {
  let s = osis;
  // A note sits between two words without spaces ("God<note>..</note><w>created"): keep a gap.
  for (const re of DROP_WITH_CONTENT) s = s.replace(re, ' ');
  s = s.replace(PARAGRAPH_BREAK, '\n');
  s = s.replace(/<l\b[^>]*>/g, ' '); // poetry lines run on; sentences are split later
  s = s.replace(/<[^>]+>/g, ''); // <w>, <q>, <seg>, <name>, milestones: keep only their text
  s = s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return s
    .split('\n')
    .map((p) =>
      p
        .replace(/\s+/g, ' ')
        .replace(/ ([,.;:!?])/g, '$1')
        .trim(),
    )
    .filter(Boolean);
}

// Start milestones of a chapter (sID="Gen.1") or a book (<div type="book" sID=.. osisID="Gen">).
const MARKER =
  /<chapter\b[^>]*\bsID="([^"]+)"[^>]*\/>|<div\b(?=[^>]*type="book")(?=[^>]*\bsID=)[^>]*>/g;

function markerId(m) {
  if (m[1]) return m[1];
  return `${(m[0].match(/osisID="([^"]+)"/) || [, 'book'])[1]}.0`;
}

/**
 * Groups verse slots into chapters: [{ id: "Gen.1", osis }]. Text between a book's start and
 * its first chapter (introductions) becomes "<Book>.0"; the module preface is "front".
 */
export function chapters(entries) {
  const out = [];
  let current = { id: 'front', osis: '' };
  for (const entry of entries) {
    let last = 0;
    for (const m of entry.matchAll(MARKER)) {
      current.osis += ' ' + entry.slice(last, m.index); // closes the previous chapter
      out.push(current);
      current = { id: markerId(m), osis: '' };
      last = m.index + m[0].length;
    }
    current.osis += ' ' + entry.slice(last);
  }
  out.push(current);
  return out.filter((c) => osisToParagraphs(c.osis).length > 0);
}
