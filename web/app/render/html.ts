// The HTML counterpart of svg.ts: helpers for the panels’ elements and the numbers in their text.

/** Creates an HTML element with an optional class name and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

/**
 * An empty box of class `cls` for content that scrolls sideways where the screen is narrower: a
 * region named `label` that takes keyboard focus, so arrow keys scroll it too.
 */
export function scrollRegion(cls: string, label: string): HTMLDivElement {
  const box = el('div', cls);
  box.tabIndex = 0;
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', label);
  return box;
}

/** A number in the text, its exact value kept in data-value (for tests and copying). */
export function figure(name: string, value: number, text: string): HTMLElement {
  const b = el('b', '', text);
  b.dataset.figure = name;
  b.dataset.value = String(value);
  return b;
}

/** A table cell holding a figure (see figure()). */
export function figureCell(name: string, value: number, text: string): HTMLTableCellElement {
  const td = el('td');
  td.append(figure(name, value, text));
  return td;
}

/** A table with its caption, a row of column headings and an empty body to fill. */
export function headedTable(className: string, caption: string, headings: string[]) {
  const table = el('table', className);
  table.append(el('caption', 'hint', caption));
  const head = el('tr');
  for (const text of headings) head.append(Object.assign(el('th', '', text), { scope: 'col' }));
  table.append(el('thead'), el('tbody'));
  table.tHead!.append(head);
  return table;
}

/**
 * Sets an element's text only if it changes: the notes and hints redrawn with every keystroke
 * mostly say the same, and a new text node would send the browser to lay the page out again (in
 * a live region, it would also be read out again).
 */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Text cut to n characters, the last one an ellipsis when it was longer. */
export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Lets a data table reflow on a narrow screen (views.css, `table.reflow`): each row becomes a
 * card whose cells carry their column's heading in data-label. The roles keep the table's meaning
 * for screen readers once CSS has made its parts blocks.
 */
export function reflowTable(table: HTMLTableElement): HTMLTableElement {
  table.classList.add('reflow');
  table.setAttribute('role', 'table');
  const headings = [...(table.tHead?.rows[0]?.cells ?? [])].map((c) => c.textContent ?? '');
  for (const section of [table.tHead, ...table.tBodies]) section?.setAttribute('role', 'rowgroup');
  for (const row of table.rows) {
    row.setAttribute('role', 'row');
    [...row.cells].forEach((c, i) => {
      const header = c.tagName === 'TH';
      const inHead = row.parentElement === table.tHead;
      c.setAttribute('role', inHead ? 'columnheader' : header ? 'rowheader' : 'cell');
      if (!inHead && headings[i]) c.dataset.label = headings[i];
    });
  }
  return table;
}
