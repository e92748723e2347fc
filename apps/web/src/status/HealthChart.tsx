// Health-probe latency and up/down over the last minutes, as a small SVG: one bar per probe,
// height = latency on a labelled millisecond axis, a red full-height bar for a failed probe, and
// a time axis that ends at "now". Drawn by hand: a charting library would be most of the bundle
// for one chart.
export interface HealthSample {
  at: number;
  ok: boolean;
  latencyMs: number | null;
}

const width = 480;
const height = 120;
const plot = { left: 48, right: 8, top: 10, bottom: 22 };
const plotWidth = width - plot.left - plot.right;
const plotHeight = height - plot.top - plot.bottom;

/** A round top for the latency axis (10, 20, 50, 100, 200, 500 ms…) above the highest bar. */
export function latencyAxisMax(latencies: number[]): number {
  const highest = Math.max(0, ...latencies);
  for (let step = 10; ; step *= 10) {
    for (const top of [step, step * 2, step * 5]) if (top >= highest) return top;
  }
}

export function HealthChart({ samples, windowMs, now }: { samples: HealthSample[]; windowMs: number; now: number }) {
  const recent = samples.filter((s) => s.at >= now - windowMs && s.at <= now);
  const max = latencyAxisMax(recent.map((s) => s.latencyMs ?? 0));
  const failures = recent.filter((s) => !s.ok).length;
  const last = recent.at(-1);
  const minutes = Math.round(windowMs / 60_000);
  const summary =
    recent.length === 0
      ? `No health checks in the last ${minutes} minutes.`
      : `${recent.length} health ${recent.length === 1 ? "check" : "checks"} in the last ${minutes} minutes, ${failures} failed; the last ${last?.ok ? `answered in ${last.latencyMs} ms` : "failed"}.`;
  const x = (at: number) => plot.left + ((at - (now - windowMs)) / windowMs) * plotWidth;
  const y = (ms: number) => plot.top + plotHeight - (ms / max) * plotHeight;
  const baseline = plot.top + plotHeight;
  const ticks = [0, 0.5, 1].map((f) => ({ at: now - windowMs + f * windowMs, label: timeLabel((1 - f) * windowMs) }));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        <text x={4} y={plot.top + plotHeight / 2} className="axis-title" dominantBaseline="middle">
          ms
        </text>
        {[0, max / 2, max].map((ms) => (
          <g key={ms}>
            <line x1={plot.left} x2={width - plot.right} y1={y(ms)} y2={y(ms)} className="grid" />
            <text x={plot.left - 4} y={y(ms)} className="axis-label" textAnchor="end" dominantBaseline="middle">
              {ms}
            </text>
          </g>
        ))}
        <line x1={plot.left} y1={baseline} x2={width - plot.right} y2={baseline} className="axis" />
        {ticks.map((t, i) => (
          <text
            key={t.label}
            x={x(t.at)}
            y={height - 6}
            className="axis-label"
            textAnchor={i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"}
          >
            {t.label}
          </text>
        ))}
        {recent.map((s) => {
          const top = s.ok ? Math.min(y(s.latencyMs ?? 0), baseline - 2) : plot.top;
          return (
            <rect
              key={s.at}
              x={x(s.at) - 1.5}
              y={top}
              width="3"
              height={baseline - top}
              className={s.ok ? "bar-ok" : "bar-bad"}
            >
              <title>{s.ok ? `${s.latencyMs} ms` : "failed"}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>{summary} Bars: answer time in milliseconds; red: no answer.</figcaption>
    </figure>
  );
}

function timeLabel(agoMs: number): string {
  if (agoMs === 0) return "now";
  const minutes = Math.round(agoMs / 60_000);
  return minutes >= 1 ? `${minutes} min ago` : `${Math.round(agoMs / 1000)} s ago`;
}
