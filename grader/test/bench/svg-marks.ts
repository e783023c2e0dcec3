// Reading a rendered chart back: Vega writes an aria-label on every data mark ("setup: x;
// requests/s: 1000; series: round 1"), so a test can check the series a chart file shows
// without knowing anything about its pixels.

/** The aria-labels of the SVG's marks, each parsed into its "field: value" pairs. */
export function markLabels(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/aria-label="([^"]*)"/g)]
    .map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#xA;/g, '\n').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))
    .filter((label) => /^[^:']+: /.test(label) && label.includes('; '))
    .map((label) => Object.fromEntries(label.split('; ').map((pair) => {
      const at = pair.indexOf(': ');
      return [pair.slice(0, at), pair.slice(at + 2)];
    })));
}
