// Markdown tables: they read well in a terminal and paste straight into a lesson.

export function markdownTable(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  // Text columns left, numbers right, decided by the first row.
  const align = header.map((_, i) => (typeof rows[0]?.[i] === 'number' || /^[+−\d.,×x%-]+$/.test(String(rows[0]?.[i] ?? '')) ? '---:' : '---'));
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [`${title}`, '', line(header), line(align), ...rows.map(line)].join('\n');
}

/** Throughput as people write it: 18,070. */
export const rps = (value: number) => Math.round(value).toLocaleString('en-US');

/** Milliseconds, three significant digits: 0.412, 8.31, 41.2. */
export const ms = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : Number(value.toPrecision(3)).toString());

/** A ratio of two medians, two decimals: "0.41×". */
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');
