import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Page, type Program } from '../api';
import { Badge, Empty, ErrorNotice, formatDateTime, formatTime, humanise, isoDay, Loaded, onSubmit, type Tone, useAction, useResource } from '../ui';

interface OccurrenceView {
  id: string;
  seriesId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  place: string;
  status: 'scheduled' | 'cancelled' | string;
  checkInCode: string;
  invitedAt: string | null;
  capacity: number | null;
  counts: { invited: number; yes: number; no: number; waitlisted: number; noReply: number; attended: number; noShow: number };
  rating: { count: number; average: number | null };
}

type Audience =
  | { type: 'all' }
  | { type: 'program'; programId: string }
  | { type: 'cohort'; dischargedFrom: string | null; dischargedTo: string | null; programId: string | null }
  | { type: 'list'; graduateIds: string[] };

interface SeriesView {
  id: string;
  title: string;
  rrule: string | null;
  timezone: string;
  durationMinutes: number;
  capacity: number | null;
  audience: Audience;
  inviteLead: string;
  reminderOffsets: string[];
  status: string;
}

interface RosterEntry {
  invitationId: string;
  graduateId: string;
  firstName: string;
  lastName: string;
  channel: string | null;
  rsvp: 'none' | 'yes' | 'no' | 'waitlisted';
  rsvpAt: string | null;
  waitlistedAt: string | null;
  attendance: 'attended' | 'no_show' | null;
  attendanceSource: string | null;
  rating: number | null;
}

const RSVP_WORDS: Record<RosterEntry['rsvp'], string> = { none: 'No reply', yes: 'Yes', no: 'No', waitlisted: 'Waitlisted' };
const RSVP_TONES: Record<RosterEntry['rsvp'], Tone> = { none: 'neutral', yes: 'good', no: 'danger', waitlisted: 'warn' };
const REPEATS: Record<string, string> = { '': 'Does not repeat', 'FREQ=WEEKLY': 'Every week', 'FREQ=WEEKLY;INTERVAL=2': 'Every two weeks', 'FREQ=MONTHLY': 'Every month' };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const RRULE_DAYS: Record<string, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const RRULE_UNITS: Record<string, [string, string]> = { DAILY: ['day', 'days'], WEEKLY: ['week', 'weeks'], MONTHLY: ['month', 'months'], YEARLY: ['year', 'years'] };

/** A recurrence rule in words for the common cases ("Every 2 weeks on Tue, Thu"); anything else as written. */
export function describeRule(rrule: string | null): string {
  if (!rrule) return 'Once';
  const parts = Object.fromEntries(rrule.split(';').map((p) => p.split('=') as [string, string]));
  const unit = RRULE_UNITS[parts.FREQ];
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY']);
  if (!unit || Object.keys(parts).some((k) => !known.has(k))) return rrule;
  const interval = Number(parts.INTERVAL ?? 1);
  const days = parts.BYDAY?.split(',').map((d) => RRULE_DAYS[d]);
  if (days?.some((d) => !d)) return rrule;
  return `Every ${interval === 1 ? unit[0] : `${interval} ${unit[1]}`}${days ? ` on ${days.join(', ')}` : ''}`;
}
const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });

/** The six weeks (Monday first) that show `month`, as local dates. */
function monthGrid(month: Date): Date[] {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const start = new Date(first);
  start.setDate(1 - ((first.getDay() + 6) % 7));
  return Array.from({ length: 42 }, (_, i) => new Date(start.getFullYear(), start.getMonth(), start.getDate() + i));
}

export function audienceText(audience: Audience, programs: Program[]): string {
  const program = (id: string | null) => programs.find((p) => p.id === id)?.name ?? 'a program';
  switch (audience.type) {
    case 'all':
      return 'All alumni';
    case 'program':
      return `Alumni of ${program(audience.programId)}`;
    case 'cohort':
      return `Discharged ${audience.dischargedFrom ?? 'any time'} to ${audience.dischargedTo ?? 'now'}${audience.programId ? ` from ${program(audience.programId)}` : ''}`;
    case 'list':
      return `${audience.graduateIds.length} chosen graduate${audience.graduateIds.length === 1 ? '' : 's'}`;
  }
}

function NewSeriesForm({ programs, onCreated }: { programs: Program[]; onCreated: () => void }) {
  const [audienceType, setAudienceType] = useState<'all' | 'program'>('all');
  const [created, setCreated] = useState<string | null>(null);
  const create = useAction(async (form: FormData) => {
    const capacity = String(form.get('capacity') ?? '');
    const series = await api<SeriesView>('/meeting-series', {
      method: 'POST',
      body: {
        title: form.get('title'),
        startsLocal: form.get('startsLocal'),
        timezone: form.get('timezone'),
        rrule: String(form.get('rrule') ?? '') || null,
        durationMinutes: Number(form.get('durationMinutes')),
        location: String(form.get('location') ?? '') || null,
        capacity: capacity ? Number(capacity) : null,
        audience: audienceType === 'all' ? { type: 'all' } : { type: 'program', programId: form.get('programId') },
      },
    });
    setCreated(`Created “${series.title}”.`);
    onCreated();
  });
  return (
    <section className="card" aria-labelledby="new-series-heading">
      <h2 id="new-series-heading">New meeting</h2>
      {created && (
        <p className="notice ok" role="status">
          {created}
        </p>
      )}
      <form className="inline-form" onSubmit={onSubmit((form) => create.run(form))}>
        <div className="field">
          <label htmlFor="series-title">Title (staff only)</label>
          <input id="series-title" name="title" required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="series-start">First meeting</label>
          <input id="series-start" name="startsLocal" type="datetime-local" required />
        </div>
        <div className="field">
          <label htmlFor="series-zone">Time zone</label>
          <input id="series-zone" name="timezone" required defaultValue={Intl.DateTimeFormat().resolvedOptions().timeZone} />
        </div>
        <div className="field">
          <label htmlFor="series-repeat">Repeats</label>
          <select id="series-repeat" name="rrule" defaultValue="FREQ=WEEKLY">
            {Object.entries(REPEATS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="series-duration">Minutes</label>
          <input id="series-duration" name="durationMinutes" type="number" min={5} max={720} required defaultValue={90} />
        </div>
        <div className="field">
          <label htmlFor="series-location">Place (shown in messages)</label>
          <input id="series-location" name="location" maxLength={300} />
        </div>
        <div className="field">
          <label htmlFor="series-capacity">Places</label>
          <input id="series-capacity" name="capacity" type="number" min={1} max={10000} />
        </div>
        <div className="field">
          <label htmlFor="series-audience">Audience</label>
          <select id="series-audience" value={audienceType} onChange={(e) => setAudienceType(e.target.value as 'all' | 'program')}>
            <option value="all">All alumni</option>
            <option value="program">One program</option>
          </select>
        </div>
        {audienceType === 'program' && (
          <div className="field">
            <label htmlFor="series-program">Program</label>
            <select id="series-program" name="programId" required>
              {programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" disabled={create.busy}>
          Create meeting
        </button>
      </form>
      <ErrorNotice error={create.error} />
    </section>
  );
}

export function MeetingsPage() {
  const [month, setMonth] = useState(() => new Date(new Date().getFullYear(), new Date().getMonth(), 1));
  const days = monthGrid(month);
  const from = days[0];
  const to = new Date(days[41].getFullYear(), days[41].getMonth(), days[41].getDate() + 1);
  const occurrences = useResource(() => api<OccurrenceView[]>('/meeting-occurrences', { query: { from: from.toISOString(), to: to.toISOString() } }), [month.getTime()]);
  const series = useResource(() => api<Page<SeriesView>>('/meeting-series', { query: { pageSize: 100 } }), []);
  const programs = useResource(() => api<Program[]>('/programs'), []);
  const shift = (months: number) => setMonth(new Date(month.getFullYear(), month.getMonth() + months, 1));
  const today = isoDay(new Date());
  return (
    <>
      <h1>Meetings</h1>
      <section className="card" aria-labelledby="calendar-heading">
        <div className="actions" style={{ alignItems: 'center', marginTop: 0 }}>
          <button type="button" className="secondary" onClick={() => shift(-1)}>
            Previous month
          </button>
          <h2 id="calendar-heading" style={{ margin: 0 }}>
            {monthName.format(month)}
          </h2>
          <button type="button" className="secondary" onClick={() => shift(1)}>
            Next month
          </button>
        </div>
        <Loaded resource={occurrences} what="meetings">
          {(items) => (
            <div className="table-wrap">
              <table className="calendar">
                <caption className="sr-only">Meetings in {monthName.format(month)}</caption>
                <thead>
                  <tr>
                    {WEEKDAYS.map((d) => (
                      <th key={d} scope="col">
                        {d}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: 6 }, (_, week) => (
                    <tr key={week}>
                      {days.slice(week * 7, week * 7 + 7).map((day) => {
                        const key = isoDay(day);
                        const those = items.filter((o) => isoDay(new Date(o.startsAt), o.timezone) === key);
                        return (
                          <td key={key} className={day.getMonth() === month.getMonth() ? undefined : 'other-month'} aria-current={key === today ? 'date' : undefined}>
                            <span className="day">{day.getDate()}</span>
                            {those.map((o) => (
                              <Link key={o.id} to={`/meetings/${o.id}`}>
                                {formatTime(o.startsAt, o.timezone)} {o.title}
                                {o.status === 'cancelled' ? ' (cancelled)' : ''}
                              </Link>
                            ))}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
      <section className="card" aria-labelledby="series-heading">
        <h2 id="series-heading">Meeting series</h2>
        <Loaded resource={series} what="meeting series">
          {(result) =>
            result.items.length === 0 ? (
              <Empty>No meetings yet.</Empty>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Repeats</th>
                    <th scope="col">Audience</th>
                    <th scope="col">Places</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {result.items.map((s) => (
                    <tr key={s.id}>
                      <td>{s.title}</td>
                      <td>{describeRule(s.rrule)}</td>
                      <td>{audienceText(s.audience, programs.data ?? [])}</td>
                      <td>{s.capacity ?? 'No limit'}</td>
                      <td>
                        <Badge tone={s.status === 'active' ? 'good' : 'neutral'}>{humanise(s.status)}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </section>
      <NewSeriesForm
        programs={programs.data ?? []}
        onCreated={() => {
          occurrences.reload();
          series.reload();
        }}
      />
    </>
  );
}

function RosterCard({ occurrence, onSaved }: { occurrence: OccurrenceView; onSaved: () => void }) {
  const roster = useResource(() => api<RosterEntry[]>(`/meeting-occurrences/${occurrence.id}/roster`), [occurrence.id]);
  const [marks, setMarks] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async (entries: RosterEntry[]) => {
    const records = entries
      .map((e) => ({ graduateId: e.graduateId, status: marks[e.graduateId] ?? e.attendance ?? '' }))
      .filter((r) => r.status === 'attended' || r.status === 'no_show');
    const result = await api<{ changed: number }>(`/meeting-occurrences/${occurrence.id}/attendance`, { method: 'PUT', body: { records } });
    setSaved(`Attendance saved (${result.changed} changed).`);
    setMarks({});
    roster.reload();
    onSaved();
  });
  return (
    <section className="card" aria-labelledby="roster-heading">
      <h2 id="roster-heading">Roster</h2>
      <Loaded resource={roster} what="the roster">
        {(entries) => {
          if (entries.length === 0) return <Empty>Nobody is invited yet.</Empty>;
          const waitlist = entries.filter((e) => e.rsvp === 'waitlisted').sort((a, b) => (a.waitlistedAt ?? '').localeCompare(b.waitlistedAt ?? ''));
          return (
            <>
              <form
                onSubmit={onSubmit(async () => {
                  setSaved(null);
                  await save.run(entries);
                })}
              >
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Graduate</th>
                        <th scope="col">Invited by</th>
                        <th scope="col">RSVP</th>
                        <th scope="col">Attendance</th>
                        <th scope="col">Rating</th>
                      </tr>
                    </thead>
                    <tbody>
                      {entries.map((e) => {
                        const name = `${e.firstName} ${e.lastName}`;
                        return (
                          <tr key={e.invitationId}>
                            <td>
                              <Link to={`/graduates/${e.graduateId}`}>{name}</Link>
                            </td>
                            <td>{e.channel?.toUpperCase() ?? '—'}</td>
                            <td>
                              <Badge tone={RSVP_TONES[e.rsvp]}>{RSVP_WORDS[e.rsvp]}</Badge>
                              {e.rsvpAt && <span className="muted"> {formatDateTime(e.rsvpAt)}</span>}
                            </td>
                            <td>
                              <select
                                aria-label={`Attendance of ${name}`}
                                value={marks[e.graduateId] ?? e.attendance ?? ''}
                                onChange={(event) => setMarks({ ...marks, [e.graduateId]: event.target.value })}
                              >
                                <option value="">Not marked</option>
                                <option value="attended">Attended</option>
                                <option value="no_show">No-show</option>
                              </select>
                              {e.attendanceSource && <span className="muted"> by {humanise(e.attendanceSource)}</span>}
                            </td>
                            <td>{e.rating ?? '—'}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <div className="actions">
                  <button type="submit" disabled={save.busy || occurrence.status === 'cancelled'}>
                    Save attendance
                  </button>
                </div>
              </form>
              {saved && (
                <p className="notice ok" role="status">
                  {saved}
                </p>
              )}
              <ErrorNotice error={save.error} />
              <h3>Waitlist</h3>
              {waitlist.length === 0 ? (
                <Empty>Nobody is waiting for a place.</Empty>
              ) : (
                <ol>
                  {waitlist.map((e) => (
                    <li key={e.invitationId}>
                      {e.firstName} {e.lastName} <span className="muted">since {formatDateTime(e.waitlistedAt)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export function OccurrencePage() {
  const { id = '' } = useParams();
  const occurrence = useResource(() => api<OccurrenceView>(`/meeting-occurrences/${id}`), [id]);
  const series = useResource(async () => (occurrence.data ? api<SeriesView>(`/meeting-series/${occurrence.data.seriesId}`) : undefined), [occurrence.data?.seriesId]);
  const programs = useResource(() => api<Program[]>('/programs'), []);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const invite = useAction(async () => {
    const result = await api<{ invited: number }>(`/meeting-occurrences/${id}/invitations`, { method: 'POST' });
    setNotice(result.invited === 0 ? 'Everyone in the audience was already invited.' : `Invited ${result.invited} more.`);
    occurrence.reload();
  });
  const cancel = useAction(async () => {
    await api(`/meeting-occurrences/${id}/cancel`, { method: 'POST' });
    setConfirming(false);
    setNotice('This meeting is cancelled; everyone invited is told once.');
    occurrence.reload();
  });
  return (
    <Loaded resource={occurrence} what="the meeting">
      {(o) => {
        const future = new Date(o.startsAt).getTime() > Date.now();
        const open = o.status === 'scheduled';
        return (
          <>
            <p>
              <Link to="/meetings">← Meetings</Link>
            </p>
            <h1>
              {o.title} {!open && <Badge tone="danger">Cancelled</Badge>}
            </h1>
            {notice && (
              <p className="notice ok" role="status">
                {notice}
              </p>
            )}
            <ErrorNotice error={invite.error ?? cancel.error} />
            <div className="grid-2">
              <section className="card" aria-labelledby="when-heading">
                <h2 id="when-heading">When and where</h2>
                <dl className="facts">
                  <dt>Starts</dt>
                  <dd>
                    {formatDateTime(o.startsAt, o.timezone)} <span className="muted">({o.timezone})</span>
                  </dd>
                  <dt>Ends</dt>
                  <dd>{formatDateTime(o.endsAt, o.timezone)}</dd>
                  <dt>Place</dt>
                  <dd>{o.place || '—'}</dd>
                  <dt>Attendance code</dt>
                  <dd>{o.checkInCode}</dd>
                  <dt>Audience</dt>
                  <dd>{series.data ? audienceText(series.data.audience, programs.data ?? []) : '…'}</dd>
                  <dt>Invitations</dt>
                  <dd>{o.invitedAt ? `sent ${formatDateTime(o.invitedAt)}` : `go ${series.data?.inviteLead ?? ''} before`}</dd>
                </dl>
                {open && future && (
                  <div className="actions">
                    <button type="button" disabled={invite.busy} onClick={() => void invite.run()}>
                      Send invitations now
                    </button>
                    {confirming ? (
                      <>
                        <button type="button" className="danger" disabled={cancel.busy} onClick={() => void cancel.run()}>
                          Yes, cancel this meeting
                        </button>
                        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                          Keep it
                        </button>
                      </>
                    ) : (
                      <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                        Cancel this meeting
                      </button>
                    )}
                  </div>
                )}
              </section>
              <section className="card" aria-labelledby="answers-heading">
                <h2 id="answers-heading">Answers</h2>
                <dl className="facts">
                  <dt>Invited</dt>
                  <dd>{o.counts.invited}</dd>
                  <dt>Coming</dt>
                  <dd>
                    {o.counts.yes}
                    {o.capacity !== null && ` of ${o.capacity} places`}
                  </dd>
                  <dt>Waitlisted</dt>
                  <dd>{o.counts.waitlisted}</dd>
                  <dt>Not coming</dt>
                  <dd>{o.counts.no}</dd>
                  <dt>No reply</dt>
                  <dd>{o.counts.noReply}</dd>
                  <dt>Attended</dt>
                  <dd>
                    {o.counts.attended} <span className="muted">({o.counts.noShow} no-show)</span>
                  </dd>
                  <dt>Rating</dt>
                  <dd>{o.rating.average === null ? '—' : `${o.rating.average.toFixed(1)} of 5 (${o.rating.count})`}</dd>
                </dl>
              </section>
            </div>
            <RosterCard occurrence={o} onSaved={occurrence.reload} />
          </>
        );
      }}
    </Loaded>
  );
}
