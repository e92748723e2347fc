// Health-probe latency and up/down over the last minutes, as a small SVG: one bar per probe,
// height = latency, red when the probe failed. Drawn by hand: a charting library would be most
// of the bundle for one sparkline.
export interface HealthSample {
  at: number;
  ok: boolean;
  latencyMs: number | null;
}

const width = 480;
const height = 64;

export function HealthChart({ samples, windowMs, now }: { samples: HealthSample[]; windowMs: number; now: number }) {
  const recent = samples.filter((s) => s.at >= now - windowMs);
  const max = Math.max(10, ...recent.map((s) => s.latencyMs ?? 0));
  const failures = recent.filter((s) => !s.ok).length;
  const last = recent.at(-1);
  const summary =
    recent.length === 0
      ? "No health checks yet."
      : `${recent.length} checks in the last ${Math.round(windowMs / 60_000)} minutes, ${failures} failed; last ${last?.ok ? `${last.latencyMs} ms` : "failed"}.`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="none">
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="axis" />
        {recent.map((s) => {
          const x = ((s.at - (now - windowMs)) / windowMs) * width;
          const h = s.ok ? Math.max(2, ((s.latencyMs ?? 0) / max) * (height - 4)) : height - 4;
          return (
            <rect key={s.at} x={x - 2} y={height - h} width="4" height={h} className={s.ok ? "bar-ok" : "bar-bad"} />
          );
        })}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
