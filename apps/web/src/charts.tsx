/**
 * Two small SVG charts (a line chart and a bar chart). Each is an image with a text label and
 * carries its numbers as a table for screen readers and for anyone who would rather read them.
 */
const PALETTE = ['#1f5f8b', '#b3541e', '#2f7d4f', '#7a3e9d', '#8a6d1d', '#3d6b73'];

export interface LineSeries {
  name: string;
  points: { x: string; y: number | null }[];
}

export function LineChart({ title, series, yMax, yLabel, height = 220 }: { title: string; series: LineSeries[]; yMax?: number; yLabel: string; height?: number }) {
  const width = 640;
  const pad = { left: 44, right: 40, top: 12, bottom: 28 };
  // Points in the order given (days ascending, checkpoints in order): the x axis keeps it.
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))];
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((y): y is number => y !== null);
  const top = yMax ?? Math.max(1, ...values);
  const x = (label: string) => pad.left + (xs.length <= 1 ? 0 : (xs.indexOf(label) / (xs.length - 1)) * (width - pad.left - pad.right));
  const y = (value: number) => pad.top + (1 - value / top) * (height - pad.top - pad.bottom);
  const ticks = [0, top / 2, top];
  const labelEvery = Math.max(1, Math.ceil(xs.length / 6));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: line chart of ${yLabel}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="axis">
              {Math.round(t * 10) / 10}
            </text>
          </g>
        ))}
        {xs.map((label, i) =>
          i % labelEvery === 0 ? (
            <text key={label} x={x(label)} y={height - 8} textAnchor="middle" className="axis">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s, i) => {
          const segments: string[][] = [[]];
          for (const p of s.points) {
            if (p.y === null) segments.push([]);
            else segments[segments.length - 1].push(`${x(p.x)},${y(p.y)}`);
          }
          return (
            <g key={s.name} stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]}>
              {segments.filter((seg) => seg.length > 1).map((seg) => (
                <polyline key={seg[0]} points={seg.join(' ')} fill="none" strokeWidth={2} />
              ))}
              {s.points.filter((p) => p.y !== null).map((p) => (
                <circle key={p.x} cx={x(p.x)} cy={y(p.y as number)} r={3} />
              ))}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <ul className="legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <figcaption>
        <details>
          <summary>{title}: the numbers</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Point</th>
                {series.map((s) => (
                  <th key={s.name} scope="col">
                    {s.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {xs.map((label) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.name}>{s.points.find((p) => p.x === label)?.y ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

export interface Bar {
  label: string;
  /** 0..1, or null when there was nothing to count. */
  value: number | null;
  note?: string;
}

export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const rowHeight = 30;
  const width = 640;
  const labelWidth = 220;
  const height = bars.length * rowHeight + 8;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: bar chart`}>
        {bars.map((bar, i) => {
          const barWidth = bar.value === null ? 0 : bar.value * (width - labelWidth - 70);
          return (
            <g key={bar.label} transform={`translate(0 ${i * rowHeight + 4})`}>
              <text x={labelWidth - 8} y={18} textAnchor="end" className="axis">
                {bar.label}
              </text>
              <rect x={labelWidth} y={4} width={barWidth} height={rowHeight - 10} fill={PALETTE[i % PALETTE.length]} />
              <text x={labelWidth + barWidth + 6} y={18} className="axis">
                {bar.value === null ? 'no data' : `${Math.round(bar.value * 1000) / 10}%`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <details>
          <summary>{title}: the numbers</summary>
          <table>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <th scope="row">{bar.label}</th>
                  <td>{bar.value === null ? 'no data' : `${Math.round(bar.value * 1000) / 10}%`}</td>
                  <td>{bar.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
