// Charts drawn on the server (GOV-1) with Observable Plot over a linkedom document: plain SVG, no
// script, named for assistive technology, and always shown with a table of the same figures. Plot's
// own <style> element is dropped (the content security policy allows no inline styles); the
// stylesheet sizes charts instead.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export interface ChartBar {
  label: string;
  value: number;
}

const BLUE = '#1d70b8';
const INK = '#0b0c0c';

function finish(svg: Element, title: string): string {
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const el of [svg, ...svg.querySelectorAll('[style]')]) el.removeAttribute('style');
  // The picture is one image named below; Plot's labels on its parts are not allowed on plain groups.
  for (const el of [...svg.querySelectorAll('[aria-label], [aria-description]')]) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.removeAttribute('class');
  svg.setAttribute('font-size', '13');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'pw-chart__svg');
  svg.setAttribute('color', INK);
  return svg.outerHTML;
}

function documentForPlot() {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/** Horizontal bars, one per row, with its value written at its end. */
export function barChart(title: string, rows: ChartBar[], options: { unit?: string; max?: number } = {}): string {
  const longest = Math.max(4, ...rows.map((r) => r.label.length));
  const top = Math.max(1, options.max ?? Math.max(...rows.map((r) => r.value), 1));
  const svg = Plot.plot({
    document: documentForPlot(),
    width: 640,
    height: 40 + rows.length * 32,
    marginLeft: Math.min(260, 12 + longest * 6.5),
    marginRight: 48,
    x: { label: options.unit ?? 'Number', grid: true, domain: [0, top], ticks: Math.min(top, 10), tickFormat: 'd' },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(rows, { x: 'value', y: 'label', fill: BLUE }),
      Plot.text(rows, {
        x: 'value',
        y: 'label',
        text: (d: ChartBar) => String(d.value),
        dx: 6,
        textAnchor: 'start',
        fill: INK,
      }),
      Plot.ruleX([0]),
    ],
  }) as unknown as Element;
  return finish(svg, title);
}

/** Counts over time (weeks), as columns. */
export function columnChart(title: string, rows: ChartBar[], unit: string): string {
  const svg = Plot.plot({
    document: documentForPlot(),
    width: 640,
    height: 260,
    marginBottom: 60,
    x: { label: null, domain: rows.map((r) => r.label), tickRotate: -45 },
    y: { label: unit, grid: true, tickFormat: 'd', ticks: Math.min(10, Math.max(1, ...rows.map((r) => r.value))) },
    marks: [Plot.barY(rows, { x: 'label', y: 'value', fill: BLUE }), Plot.ruleY([0])],
  }) as unknown as Element;
  return finish(svg, title);
}
