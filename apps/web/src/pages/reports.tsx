import { useState } from 'react';
import { api, ApiError, download, type Program } from '../api';
import { BarChart, LineChart } from '../charts';
import { Empty, ErrorNotice, isoDay, Loaded, onSubmit, percent, useAction, useResource } from '../ui';

interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

type RateName = 'checkInResponse' | 'meetingAttendance' | 'familySessionAttendance' | 'deliveryFailure' | 'optOut';
type RatesRow = { group: string } & Record<RateName, Rate>;

interface RetentionRow {
  cohort: string;
  graduates: number;
  days: Record<string, Rate>;
}

interface FollowUpReport {
  counts: Record<'not_due' | 'open' | 'reached' | 'missed', number>;
  rate: number | null;
  target: number;
}

const RATE_WORDS: Record<RateName, string> = {
  checkInResponse: 'Check-in response',
  meetingAttendance: 'Meeting attendance',
  familySessionAttendance: 'Family-session attendance',
  deliveryFailure: 'Delivery failure',
  optOut: 'Opt-out',
};
const GROUPS = { organisation: 'Whole organisation', program: 'Program', cohort: 'Discharge month' } as const;
type Group = keyof typeof GROUPS;

function daysAgo(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return isoDay(date);
}

/** A date input's day as the instant of its local midnight; a half-typed date is said plainly. */
function localMidnight(day: string, field: string): string {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) throw new ApiError(400, 'Choose a date', [{ field, reason: 'must be a date' }]);
  return date.toISOString();
}

/** A report's CSV, fetched with the session's token and saved as a file. */
function CsvButton({ label, path, query, filename }: { label: string; path: string; query: () => Record<string, string | undefined>; filename: string }) {
  const save = useAction(async () => download(path, { ...query(), format: path.endsWith('.csv') ? undefined : 'csv' }, filename));
  return (
    <>
      <button type="button" className="secondary" disabled={save.busy} onClick={() => void save.run()}>
        {label}
      </button>
      <ErrorNotice error={save.error} />
    </>
  );
}

function RatesCard({ programs }: { programs: Program[] }) {
  const [filters, setFilters] = useState({ from: daysAgo(90), to: isoDay(new Date()), groupBy: 'organisation' as Group });
  const rates = useResource(() => api<RatesRow[]>('/reports/rates', { query: filters }), [filters.from, filters.to, filters.groupBy]);
  const groupName = (group: string) =>
    group === 'all' ? 'All graduates' : group === 'none' ? (filters.groupBy === 'program' ? 'No program' : 'No discharge date') : (programs.find((p) => p.id === group)?.name ?? group);
  return (
    <section className="card" aria-labelledby="rates-heading">
      <h2 id="rates-heading">Engagement rates</h2>
      <form
        className="inline-form"
        onSubmit={onSubmit((form) => setFilters({ from: String(form.get('from')), to: String(form.get('to')), groupBy: String(form.get('groupBy')) as Group }))}
      >
        <div className="field">
          <label htmlFor="rates-from">From</label>
          <input id="rates-from" name="from" type="date" required defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="rates-to">To</label>
          <input id="rates-to" name="to" type="date" required defaultValue={filters.to} />
        </div>
        <div className="field">
          <label htmlFor="rates-group">Group by</label>
          <select id="rates-group" name="groupBy" defaultValue={filters.groupBy}>
            {Object.entries(GROUPS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show rates</button>
        <CsvButton label="Download rates CSV" path="/reports/rates" query={() => filters} filename="rates.csv" />
      </form>
      <Loaded resource={rates} what="rates">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>Nothing to count in this range.</Empty>
          ) : (
            rows.map((row) => (
              <div key={row.group}>
                {rows.length > 1 && <h3>{groupName(row.group)}</h3>}
                <BarChart
                  title={`Engagement rates, ${groupName(row.group)}, ${filters.from} to ${filters.to}`}
                  bars={(Object.keys(RATE_WORDS) as RateName[]).map((name) => ({
                    label: RATE_WORDS[name],
                    value: row[name].rate,
                    note: `${row[name].numerator} of ${row[name].denominator}`,
                  }))}
                />
              </div>
            ))
          )
        }
      </Loaded>
    </section>
  );
}

function RetentionCard({ programs }: { programs: Program[] }) {
  const [filters, setFilters] = useState({ dischargedFrom: daysAgo(365), dischargedTo: isoDay(new Date()), programId: '' });
  const query = { ...filters, programId: filters.programId || undefined };
  const retention = useResource(() => api<RetentionRow[]>('/reports/retention', { query }), [filters.dischargedFrom, filters.dischargedTo, filters.programId]);
  const followUp = useResource(() => api<FollowUpReport>('/reports/follow-up', { query }), [filters.dischargedFrom, filters.dischargedTo, filters.programId]);
  return (
    <section className="card" aria-labelledby="retention-heading">
      <h2 id="retention-heading">Retention by discharge cohort</h2>
      <form
        className="inline-form"
        onSubmit={onSubmit((form) =>
          setFilters({ dischargedFrom: String(form.get('dischargedFrom')), dischargedTo: String(form.get('dischargedTo')), programId: String(form.get('programId') ?? '') }),
        )}
      >
        <div className="field">
          <label htmlFor="retention-from">Discharged from</label>
          <input id="retention-from" name="dischargedFrom" type="date" required defaultValue={filters.dischargedFrom} />
        </div>
        <div className="field">
          <label htmlFor="retention-to">Discharged to</label>
          <input id="retention-to" name="dischargedTo" type="date" required defaultValue={filters.dischargedTo} />
        </div>
        <div className="field">
          <label htmlFor="retention-program">Program</label>
          <select id="retention-program" name="programId" defaultValue={filters.programId}>
            <option value="">All programs</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show retention</button>
        <CsvButton label="Download retention CSV" path="/reports/retention" query={() => query} filename="retention.csv" />
        <CsvButton label="Download follow-up CSV" path="/reports/follow-up" query={() => query} filename="follow-up.csv" />
        <CsvButton label="Download outcomes CSV" path="/reports/outcomes" query={() => query} filename="outcomes.csv" />
      </form>
      <Loaded resource={retention} what="retention">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No graduates were discharged in this range.</Empty>
          ) : (
            <LineChart
              title="Retention by cohort"
              yLabel="share still engaged (%)"
              yMax={100}
              series={rows.map((r) => ({
                name: `${r.cohort} (${r.graduates})`,
                points: Object.entries(r.days).map(([day, rate]) => ({ x: `${day.slice(1)} days`, y: rate.rate === null ? null : Math.round(rate.rate * 1000) / 10 })),
              }))}
            />
          )
        }
      </Loaded>
      <h3>Six-month follow-up</h3>
      <Loaded resource={followUp} what="the follow-up report">
        {(report) => (
          <p>
            Reached <strong>{percent(report.rate)}</strong> of graduates whose follow-up window has closed or been met (target {percent(report.target)}): {report.counts.reached}{' '}
            reached, {report.counts.missed} missed, {report.counts.open} open now, {report.counts.not_due} not yet due.
          </p>
        )}
      </Loaded>
    </section>
  );
}

export function ReportsPage() {
  const programs = useResource(() => api<Program[]>('/programs'), []);
  const [events, setEvents] = useState({ from: daysAgo(30), to: isoDay(new Date()) });
  return (
    <>
      <h1>Reports</h1>
      <RatesCard programs={programs.data ?? []} />
      <RetentionCard programs={programs.data ?? []} />
      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Every touchpoint</h2>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="events-from">From</label>
            <input id="events-from" type="date" value={events.from} onChange={(e) => setEvents({ ...events, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="events-to">Up to (not including)</label>
            <input id="events-to" type="date" value={events.to} onChange={(e) => setEvents({ ...events, to: e.target.value })} />
          </div>
          <CsvButton
            label="Download touchpoints CSV"
            path="/reports/engagement-events.csv"
            query={() => ({ from: localMidnight(events.from, 'from'), to: localMidnight(events.to, 'to') })}
            filename="engagement-events.csv"
          />
        </div>
      </section>
    </>
  );
}
