// Text cleaning shared by every source: Unicode and punctuation normalisation, sentence
// splitting, and the filter that drops lines that are mostly not words.

// Curly and other typographic quotes become ASCII ' and ". Most of the corpus (WordNet, Austen,
// most State of the Union text) is already ASCII; one spelling per symbol keeps the tokenizer
// from spending vocabulary on two versions of every quoted or contracted word (don't / don’t).
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;

/** NFC, ASCII quotes, one em dash spelling, no invisible characters, collapsed whitespace. */
export function normalise(s) {
  return s
    .normalize('NFC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '') // soft hyphen, zero-width marks
    .replace(/[\u2010\u2011]/g, '-') // (non-breaking) hyphen: plain hyphen
    .replace(/\s*(?:--+|\u2014)\s*/g, '\u2014') // Austen's "--" and spaced dashes: one em dash
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ') // includes NBSP and line breaks
    .trim();
}

/** Whitespace-separated tokens: the corpus' unit of "words". */
export function countWords(line) {
  const t = line.trim();
  return t ? t.split(/\s+/).length : 0;
}

/**
 * True for lines that are not running text: mostly numbers, rules or symbols (tables, page
 * furniture), underscore rules of tables, or no lower-case letter at all (headings such as
 * "CORPORATIONS." or "ALEPH", which are labels, not sentences).
 */
export function mostlyNonLetters(line) {
  const nonSpace = line.replace(/\s+/g, '').length;
  const letters = (line.match(/\p{L}/gu) || []).length;
  if (letters < 2 || letters < 0.6 * nonSpace) return true;
  return /__/.test(line) || !/\p{Ll}/u.test(line);
}

// Words after which a full stop does not end a sentence. Lower-cased, without the dot.
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms messrs dr st jr sr gen col gov sen rep hon rev prof capt lt sgt maj adm ' +
    'no nos vs cf esq ft mt jan feb mar apr aug sept sep oct nov dec inc co corp'
  ).split(' '),
);

/** Is the full stop at the end of `before` part of an abbreviation or an initial? */
function isAbbreviation(before) {
  // The letters and dots just before the stop: "Mr." also in "yes—Mr." or "(Mr.".
  const word = (before.match(/([A-Za-z.]+)$/) || ['', ''])[1];
  if (!word.endsWith('.')) return false;
  const bare = word.slice(0, -1);
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  return /^(?:[A-Za-z]\.)*[A-Za-z]$/.test(bare); // "S." in Harry S. Truman, U.S., a.m.
}

// A candidate sentence end: terminal punctuation, optional closing quotes or brackets, then
// whitespace and something that can start a sentence (capital, digit, opening quote).
const BOUNDARY = /[.!?]+["')\]]*(?=\s+["'(\[]*[A-Z0-9])/g;

/** Splits a paragraph into sentences; keeps abbreviations and initials inside sentences. */
export function splitSentences(paragraph) {
  const out = [];
  let start = 0;
  for (const m of paragraph.matchAll(BOUNDARY)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviation(paragraph.slice(start, end))) {
      continue;
    }
    out.push(paragraph.slice(start, end).trim());
    start = end;
  }
  out.push(paragraph.slice(start).trim());
  return out.filter(Boolean);
}

/** Normalises paragraphs, splits them into sentences and keeps the lines that are words. */
export function paragraphsToLines(paragraphs) {
  const lines = [];
  for (const p of paragraphs) {
    for (const s of splitSentences(normalise(p))) {
      if (!mostlyNonLetters(s)) lines.push(s);
    }
  }
  return lines;
}
