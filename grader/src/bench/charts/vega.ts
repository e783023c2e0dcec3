// Every chart of the benches is a Vega-Lite spec rendered to SVG here, in Node, with no canvas
// and no browser: vega-lite compiles it to a Vega spec, a headless View (renderer 'none') lays
// it out and toSVG() writes the markup. Each mark carries an aria-label naming its data, which
// is what tests read back.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The look shared by the course's charts: white background, sans-serif, readable sizes. */
const CONFIG = {
  background: '#ffffff',
  font: 'sans-serif',
  title: { fontSize: 14, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom' },
} as const;

export type ChartSpec = TopLevelSpec;

export async function renderVegaLite(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(withConfig).spec), { renderer: 'none' });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

/** Colours in series order: blue and green first, red last, since in the course red means "failed". */
export const SERIES_COLOURS = ['#2b6cb0', '#2f855a', '#dd6b20', '#6b46c1', '#718096', '#c53030'];
