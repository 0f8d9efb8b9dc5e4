#!/usr/bin/env node
// Builds the English training corpus: node scripts/corpus/build.mjs [--record-checksums]
//
// Fetches the pinned sources (sources.json) into data/cache/, cleans them into one sentence per
// line, splits documents into train and held-out, drops duplicate lines, and writes
// data/corpus/{train.txt,heldout.txt,stats.json} plus the committed test samples
// tests/data/english/{heldout-sample.txt,wordnet-examples.txt}. See scripts/corpus/README.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchAll } from './fetch.mjs';
import { READERS } from './sources.mjs';
import { countWords } from './text.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SOURCES_JSON = path.join(HERE, 'sources.json');
const CACHE = path.join(ROOT, 'data/cache');
const OUT = path.join(ROOT, 'data/corpus');
const SAMPLE = path.join(ROOT, 'tests/data/english/heldout-sample.txt');
const EXAMPLES = path.join(ROOT, 'tests/data/english/wordnet-examples.txt');

const HELDOUT_SHARE = 0.05;
const MIN_TOTAL_WORDS = 2_000_000;
const SAMPLE_LINES_PER_DOC = 25;
const SAMPLE_DOCS_PER_SOURCE = 8;
// Everyday sentences no one here wrote: WordNet's quoted examples ("he played baseball in high
// school") from held-out documents, whole sentences of at least 5 words, at most this many.
const EXAMPLE_MIN_WORDS = 5;
const EXAMPLE_COUNT = 300;

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
const docWords = (doc) => doc.lines.reduce((n, l) => n + countWords(l), 0);

function loadSources(record) {
  const sources = JSON.parse(fs.readFileSync(SOURCES_JSON, 'utf8'));
  const { roots, changed } = fetchAll(sources, CACHE, { record });
  if (changed) fs.writeFileSync(SOURCES_JSON, JSON.stringify(sources, null, 2) + '\n');
  return { sources, roots };
}

/** Reads and cleans every source: [{ source, id, lines, key }] in source order. */
function readDocuments(sources, roots) {
  const docs = [];
  for (const name of Object.keys(sources)) {
    for (const d of READERS[name](roots[name])) {
      if (d.lines.length) docs.push({ ...d, source: name, key: sha256(`${name}:${d.id}`) });
    }
  }
  return docs;
}

// Split by document, never by line, so held-out text is never a neighbour of training text.
// Stratified: within each source, documents in order of sha256("source:id") go to held-out
// until they hold 5% of that source's words. The order depends only on the ids, so the split
// is the same on every run and machine, and every source contributes.
function assignSplit(docs) {
  for (const source of new Set(docs.map((d) => d.source))) {
    const own = docs.filter((d) => d.source === source).sort((a, b) => (a.key < b.key ? -1 : 1));
    const target = HELDOUT_SHARE * own.reduce((n, d) => n + docWords(d), 0);
    let held = 0;
    let open = true;
    for (const d of own) {
      // Stop at the first document that would overshoot the target by more than it now falls
      // short: long documents (a speech is up to 25k words) would otherwise overshoot a lot.
      open = open && Math.abs(held + docWords(d) - target) < Math.abs(held - target);
      d.split = open ? 'heldout' : 'train';
      if (open) held += docWords(d);
    }
  }
}

// Exact duplicates (case and whitespace ignored) are kept once in the whole corpus. Held-out
// documents are visited first, so a line shared with training text stays in held-out and is
// removed from train: evaluation never sees a line the model was trained on.
function dedupe(docs) {
  const seen = new Set();
  const dropped = {};
  const order = [
    ...docs.filter((d) => d.split === 'heldout'),
    ...docs.filter((d) => d.split === 'train'),
  ];
  for (const d of order) {
    const before = d.lines.length;
    d.lines = d.lines.filter((l) => {
      const k = l.toLowerCase().replace(/\s+/g, ' ').trim();
      return seen.has(k) ? false : (seen.add(k), true);
    });
    dropped[d.source] = (dropped[d.source] || 0) + before - d.lines.length;
  }
  return dropped;
}

/** Documents separated by one blank line, one sentence per line. */
function writeSplit(docs, file) {
  const text =
    docs
      .filter((d) => d.lines.length)
      .map((d) => d.lines.join('\n'))
      .join('\n\n') + '\n';
  fs.writeFileSync(file, text);
  return sha256(text);
}

function countSplit(docs, source, split) {
  const own = docs.filter((d) => d.source === source && d.split === split && d.lines.length);
  return {
    documents: own.length,
    lines: own.reduce((n, d) => n + d.lines.length, 0),
    words: own.reduce((n, d) => n + docWords(d), 0),
  };
}

function buildStats(docs, sources, dropped, hashes, seconds) {
  const perSource = {};
  for (const name of Object.keys(sources)) {
    const { package: pkg, version, sha256: archiveSha256, licence } = sources[name];
    perSource[name] = {
      package: pkg,
      version,
      archiveSha256,
      licence,
      train: countSplit(docs, name, 'train'),
      heldout: countSplit(docs, name, 'heldout'),
      duplicateLinesDropped: dropped[name] || 0,
      heldoutDocuments: docs
        .filter((d) => d.source === name && d.split === 'heldout')
        .map((d) => d.id),
    };
  }
  const sum = (split, field) => Object.values(perSource).reduce((n, s) => n + s[split][field], 0);
  const totals = {};
  for (const split of ['train', 'heldout']) {
    totals[split] = {
      documents: sum(split, 'documents'),
      lines: sum(split, 'lines'),
      words: sum(split, 'words'),
    };
  }
  totals.words = totals.train.words + totals.heldout.words;
  totals.duplicateLinesDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
  return { sources: perSource, totals, sha256: hashes, buildSeconds: seconds };
}

// The committed sample: the first 25 lines of the first 8 held-out documents (in hash order) of
// each source whose licence allows redistribution without conditions (sampleOk in sources.json).
function writeSample(docs, sources) {
  const parts = [];
  for (const name of Object.keys(sources).filter((n) => sources[n].sampleOk)) {
    const held = docs
      .filter((d) => d.source === name && d.split === 'heldout' && d.lines.length >= 5)
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .slice(0, SAMPLE_DOCS_PER_SOURCE);
    for (const d of held) parts.push(d.lines.slice(0, SAMPLE_LINES_PER_DOC).join('\n'));
  }
  const text = parts.join('\n\n') + '\n';
  fs.mkdirSync(path.dirname(SAMPLE), { recursive: true });
  fs.writeFileSync(SAMPLE, text);
  return sha256(text);
}

// WordNet's licence allows copies that keep its notice, which tests/data/english/README.md does.
function writeExamples(docs) {
  const held = docs
    .filter((d) => d.source === 'wordnet' && d.split === 'heldout')
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const kept = held
    .flatMap((d) => d.examples)
    .filter((l) => countWords(l) >= EXAMPLE_MIN_WORDS)
    .slice(0, EXAMPLE_COUNT);
  const text = kept.join('\n') + '\n';
  fs.writeFileSync(EXAMPLES, text);
  return sha256(text);
}

function printSummary(stats) {
  const row = (cells) =>
    cells.map((c, i) => String(c)[i ? 'padStart' : 'padEnd'](i ? 11 : 9)).join(' ');
  console.log(
    row([
      'source',
      'train docs',
      'train lines',
      'train words',
      'held docs',
      'held lines',
      'held words',
      'dups',
    ]),
  );
  for (const [name, s] of Object.entries(stats.sources)) {
    const { train: t, heldout: h } = s;
    console.log(
      row([
        name,
        t.documents,
        t.lines,
        t.words,
        h.documents,
        h.lines,
        h.words,
        s.duplicateLinesDropped,
      ]),
    );
  }
  const { train: t, heldout: h } = stats.totals;
  console.log(
    row([
      'total',
      t.documents,
      t.lines,
      t.words,
      h.documents,
      h.lines,
      h.words,
      stats.totals.duplicateLinesDropped,
    ]),
  );
  console.log(
    `words: ${stats.totals.words} (held-out ${((100 * h.words) / stats.totals.words).toFixed(1)}%), built in ${stats.buildSeconds} s`,
  );
}

function main() {
  const started = Date.now();
  const { sources, roots } = loadSources(process.argv.includes('--record-checksums'));
  const docs = readDocuments(sources, roots);
  assignSplit(docs);
  const dropped = dedupe(docs);
  fs.mkdirSync(OUT, { recursive: true });
  const hashes = {
    'train.txt': writeSplit(
      docs.filter((d) => d.split === 'train'),
      path.join(OUT, 'train.txt'),
    ),
    'heldout.txt': writeSplit(
      docs.filter((d) => d.split === 'heldout'),
      path.join(OUT, 'heldout.txt'),
    ),
  };
  hashes['tests/data/english/heldout-sample.txt'] = writeSample(docs, sources);
  hashes['tests/data/english/wordnet-examples.txt'] = writeExamples(docs);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const stats = buildStats(docs, sources, dropped, hashes, seconds);
  fs.writeFileSync(path.join(OUT, 'stats.json'), JSON.stringify(stats, null, 2) + '\n');
  printSummary(stats);
  if (stats.totals.words < MIN_TOTAL_WORDS) {
    throw new Error(`corpus has ${stats.totals.words} words, fewer than ${MIN_TOTAL_WORDS}`);
  }
}

try {
  main();
} catch (err) {
  console.error(`corpus: ${err.message}`);
  process.exit(1);
}
