// Small pieces shared by the benches' SVG charts.

/** Text safe inside SVG markup and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A round step for the y axis: 1, 2 or 5 times a power of ten, about four ticks in all. */
export function tickStep(max: number): number {
  const rough = Math.max(max, 1) / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough)!;
}
