// Measurements the layout test takes inside the page. Each function runs in the browser through
// page.evaluate, so it is self-contained and returns plain data: readable problem lines, [] when
// the page is right.

/** Sideways scroll of the whole page, and elements of the page column that stick out of it. */
export function widthProblems(): string[] {
  const problems: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways by ${root.scrollWidth - root.clientWidth} px`);
  const column = document.querySelector('.page')?.getBoundingClientRect();
  if (!column) return ['no .page column'];
  // Inside a scrolling box (a table wrapper or a code block) content may be wider: the box scrolls.
  const scrollers = '.table-wrap, pre';
  for (const element of Array.from<Element>(document.querySelectorAll('.page *'))) {
    if (element.parentElement?.closest(scrollers) || element.parentElement?.closest('svg')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < column.left - 1 || box.right > column.right + 1) {
      const text = (element.textContent ?? '').trim().slice(0, 50);
      problems.push(`<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}"> spans ${Math.round(box.left)}-${Math.round(box.right)} px in a column of ${Math.round(column.left)}-${Math.round(column.right)} px: "${text}"`);
    }
  }
  // Inline code in a table stays whole: "round-robin" must not become "round-" / "robin".
  for (const code of Array.from<Element>(document.querySelectorAll('.page :is(td, th) code'))) {
    if (code.closest('pre')) continue;
    const lines = new Set(Array.from(code.getClientRects(), (r: DOMRect) => Math.round(r.top))).size;
    if (lines > 1) problems.push(`table code "${code.textContent}" breaks over ${lines} lines`);
  }
  return problems;
}

/** Code blocks whose language label or copy button covers the first line of code. */
export function codeToolProblems(): string[] {
  const problems: string[] = [];
  const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const block of Array.from<Element>(document.querySelectorAll('.page .code-block'))) {
    const code = block.querySelector('pre code');
    const tools = Array.from<Element>(block.querySelectorAll('.copy-button, .code-lang'));
    if (!code || tools.length === 0 || block.getBoundingClientRect().height === 0) continue; // e.g. inside closed <details>
    const range = document.createRange();
    range.selectNodeContents(code);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue;
    const top = Math.min(...rects.map((r) => r.top));
    const first = rects.filter((r) => r.top < top + r.height / 2);
    const line = new DOMRect(
      Math.min(...first.map((r) => r.left)),
      top,
      Math.max(...first.map((r) => r.right)) - Math.min(...first.map((r) => r.left)),
      Math.max(...first.map((r) => r.bottom)) - top,
    );
    for (const tool of tools) {
      if (overlap(tool.getBoundingClientRect(), line)) problems.push(`the ${tool.className} covers the first line "${(code.textContent ?? '').split('\n')[0]}"`);
    }
  }
  return problems;
}

/**
 * Entries of the print page's contents whose words run into another entry or its number. The
 * numbers sit outside each entry's box, in the list's padding (or the gap between columns).
 */
export function printContentsProblems(): string[] {
  const list = document.querySelector('.print-toc ol');
  if (!list) return ['no .print-toc list'];
  const frame = list.getBoundingClientRect();
  const marker = parseFloat(getComputedStyle(list).paddingLeft);
  const items = Array.from(list.querySelectorAll('li'), (li) => {
    const range = document.createRange();
    range.selectNodeContents(li);
    const box = li.getBoundingClientRect();
    const area = { left: box.left - marker, right: box.right, top: box.top, bottom: box.bottom };
    return { text: li.textContent ?? '', words: Array.from(range.getClientRects()).filter((r) => r.width > 0), area };
  });
  const problems: string[] = [];
  for (const item of items) {
    if (item.words.some((r) => r.right > frame.right + 1)) problems.push(`"${item.text}" runs out of the contents box`);
    for (const other of items) {
      if (other === item) continue;
      const a = other.area;
      if (item.words.some((r) => r.left < a.right - 1 && a.left < r.right - 1 && r.top < a.bottom - 1 && a.top < r.bottom - 1)) {
        problems.push(`"${item.text}" runs into "${other.text}"`);
      }
    }
  }
  return problems;
}

/** Print media: code blocks that would be cut on paper, and code tools that would print. */
export function printCodeProblems(): string[] {
  const problems: string[] = [];
  for (const pre of Array.from<Element>(document.querySelectorAll('pre.code'))) {
    const style = getComputedStyle(pre);
    const first = (pre.textContent ?? '').split('\n')[0];
    if (!/^(pre-wrap|break-spaces)$/.test(style.whiteSpace)) problems.push(`code does not wrap in print (white-space: ${style.whiteSpace}): "${first}"`);
    else if (pre.scrollWidth > pre.clientWidth + 1) problems.push(`code is ${pre.scrollWidth - pre.clientWidth} px wider than its block in print: "${first}"`);
  }
  for (const tool of Array.from<Element>(document.querySelectorAll('.code-tools, .code-lang, .copy-button'))) {
    if (tool.getClientRects().length > 0) problems.push(`a ${tool.className} prints`);
  }
  return problems;
}
