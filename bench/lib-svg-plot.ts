/**
 * Hand-written SVG charts for bench/results (no plotting dependency): a line chart of
 * series over a numeric x axis (lateness or CPU against M) and a horizontal bar chart
 * (CPU per message of each server and path).
 */

export interface Series {
  name: string;
  color: string;
  dash?: string;
  points: [number, number][];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** A dashed reference line, e.g. the 2 ms lateness target. */
  reference?: { y: number; label: string };
  /** Shown under the title, e.g. that the figures come from a check run. */
  subtitle?: string;
  /** A logarithmic y axis from `log` up (lateness spans 0.1 ms to 100+ ms); smaller values sit on the axis. */
  log?: number;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const n = (x: number) => x.toFixed(1);

/** Round a maximum up to 1, 2 or 5 × 10^k so the axis has readable ticks. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function header(width: number, height: number, title: string, subtitle?: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escape(title)}</text>`,
    subtitle ? `<text x="${width / 2}" y="30" text-anchor="middle" fill="#a00">${escape(subtitle)}</text>` : '',
  ];
}

export function lineChart(chart: LineChart): string {
  const W = 680, H = 360, L = 64, R = 170, T = 44, B = 44;
  const all = chart.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = [...new Set(all.map(([x]) => x))].sort((a, b) => a - b);
  const maxX = Math.max(1, ...xs);
  const maxY = niceMax(Math.max(chart.reference?.y ?? 0, ...all.map(([, y]) => y)) * 1.1);
  const x = (v: number) => L + ((W - L - R) * v) / maxX;
  const minLog = chart.log ?? 0;
  const scale = (v: number) => (minLog ? Math.log10(Math.max(v, minLog) / minLog) / Math.log10(maxY / minLog) : Math.min(v, maxY) / maxY);
  const y = (v: number) => H - B - (H - T - B) * Math.min(1, scale(v));
  const ticks = minLog
    ? Array.from({ length: Math.round(Math.log10(maxY / minLog)) + 1 }, (_, i) => minLog * 10 ** i).filter((v) => v <= maxY)
    : [0, 0.25, 0.5, 0.75, 1].map((f) => maxY * f);
  const parts = header(W, H, chart.title, chart.subtitle);
  parts.push(`<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#444"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#444"/>`);
  for (const v of xs) parts.push(`<text x="${n(x(v))}" y="${H - B + 15}" text-anchor="middle">${v}</text>`);
  for (const v of ticks) {
    parts.push(`<line x1="${L}" y1="${n(y(v))}" x2="${W - R}" y2="${n(y(v))}" stroke="#eee"/><text x="${L - 6}" y="${n(y(v) + 4)}" text-anchor="end">${+v.toPrecision(3)}</text>`);
  }
  parts.push(`<text x="${(W - L - R) / 2 + L}" y="${H - 10}" text-anchor="middle">${escape(chart.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(H - T - B) / 2 + T}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`);
  if (chart.reference) {
    const ry = n(y(chart.reference.y));
    parts.push(`<line x1="${L}" y1="${ry}" x2="${W - R}" y2="${ry}" stroke="#c00" stroke-dasharray="2,3"/><text x="${W - R - 4}" y="${Number(ry) - 4}" text-anchor="end" fill="#c00">${escape(chart.reference.label)}</text>`);
  }
  chart.series.forEach((s, i) => {
    const points = s.points.filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    if (points.length) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.map(([a, b]) => `${n(x(a))},${n(y(b))}`).join(' ')}"/>`);
      for (const [a, b] of points) parts.push(`<circle cx="${n(x(a))}" cy="${n(y(b))}" r="3" fill="${s.color}"><title>${escape(`${s.name}: ${a} → ${+b.toPrecision(4)}`)}</title></circle>`);
    }
    const ly = T + 10 + i * 16;
    parts.push(`<line x1="${W - R + 12}" y1="${ly - 4}" x2="${W - R + 32}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${W - R + 36}" y="${ly}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.filter(Boolean).join('\n') + '\n';
}

export interface BarChart {
  title: string;
  unit: string;
  bars: { label: string; value: number; color: string }[];
  subtitle?: string;
}

export function barChart(chart: BarChart): string {
  const W = 680, L = 260, R = 90, T = 44, BAR = 22, GAP = 10;
  const H = T + chart.bars.length * (BAR + GAP) + 30;
  const max = niceMax(Math.max(...chart.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))) * 1.05);
  const width = (v: number) => ((W - L - R) * Math.min(v, max)) / max;
  const parts = header(W, H, chart.title, chart.subtitle);
  chart.bars.forEach((b, i) => {
    const top = T + i * (BAR + GAP);
    const ok = Number.isFinite(b.value);
    parts.push(`<text x="${L - 8}" y="${top + BAR / 2 + 4}" text-anchor="end">${escape(b.label)}</text>`);
    if (ok) parts.push(`<rect x="${L}" y="${top}" width="${n(width(b.value))}" height="${BAR}" fill="${b.color}"/>`);
    parts.push(`<text x="${n(L + (ok ? width(b.value) : 0) + 6)}" y="${top + BAR / 2 + 4}">${ok ? `${+b.value.toPrecision(3)} ${escape(chart.unit)}` : 'n/a'}</text>`);
  });
  parts.push(`<line x1="${L}" y1="${T - 4}" x2="${L}" y2="${H - 26}" stroke="#444"/>`);
  parts.push('</svg>');
  return parts.filter(Boolean).join('\n') + '\n';
}
