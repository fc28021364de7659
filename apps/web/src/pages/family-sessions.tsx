import { useState } from 'react';
import { Link } from 'react-router';
import { api, type ConsentState, type Page } from '../api';
import { Badge, DeliveryBadge, Empty, ErrorNotice, formatDateTime, humanise, isoDay, Loaded, onSubmit, useAction, useResource } from '../ui';
import type { GraduateSummary } from './graduates';

interface Participant {
  contactId: string;
  name: string;
  relationship: string;
  channel: string;
  removed: boolean;
  attendance: string | null;
  notices: { kind: string; status: string; dueAt: string }[];
}

interface SessionItem {
  id: string;
  graduateId: string;
  graduateFirstName: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  location: string | null;
  videoUrl: string | null;
  clinician: string | null;
  status: string;
  participants: Participant[];
  graduateNotices: { status: string; dueAt: string }[];
}

interface Contact {
  id: string;
  name: string;
  relationship: string;
}

const NOTICE_WORDS: Record<string, string> = {
  'family_session.notice': 'Notice',
  'family_session.reminder': 'Reminder',
  'family_session.moved': 'Moved',
  'family_session.cancelled': 'Cancelled',
  'family_session.follow_up': 'Follow-up',
};

/** Where each message to a contact about the session stands, newest first. */
function Notices({ participant }: { participant: Participant }) {
  if (participant.notices.length === 0) return <span className="muted">none yet</span>;
  return (
    <ul className="plain">
      {participant.notices.map((n) => (
        <li key={`${n.kind}:${n.dueAt}`} style={{ padding: 0, border: 0 }}>
          {NOTICE_WORDS[n.kind] ?? humanise(n.kind)}: <DeliveryBadge status={n.status} />{' '}
          <span className="muted">{formatDateTime(n.dueAt)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Scheduling a session: find the graduate, then choose among their contacts. A contact without an
 * active consent for family-session notices is shown but cannot be chosen (42 CFR Part 2).
 */
function ScheduleForm({ onScheduled }: { onScheduled: () => void }) {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [graduate, setGraduate] = useState<GraduateSummary | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const found = useResource(async () => (query ? api<Page<GraduateSummary>>('/graduates', { query: { search: query, pageSize: 10 } }) : null), [query]);
  const contacts = useResource(async () => {
    if (!graduate) return null;
    const [list, consents] = await Promise.all([
      api<Contact[]>(`/graduates/${graduate.id}/contacts`),
      api<{ current: ConsentState[] }>(`/graduates/${graduate.id}/consents`),
    ]);
    const consented = new Set(consents.current.filter((c) => c.contactId && c.purpose === 'family_session_notices' && c.active).map((c) => c.contactId));
    return list.map((c) => ({ ...c, consented: consented.has(c.id) }));
  }, [graduate?.id]);
  const schedule = useAction(async (form: FormData) => {
    if (!graduate) return;
    await api(`/graduates/${graduate.id}/family-sessions`, {
      method: 'POST',
      body: {
        startsLocal: form.get('startsLocal'),
        durationMinutes: Number(form.get('durationMinutes')),
        location: String(form.get('location') ?? '') || null,
        clinician: String(form.get('clinician') ?? '') || null,
        contactIds: chosen,
      },
    });
    setDone(`Session scheduled for ${graduate.preferredName ?? graduate.firstName}; notices go to ${chosen.length} contact${chosen.length === 1 ? '' : 's'}.`);
    setChosen([]);
    onScheduled();
  });
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule a family session</h2>
      {done && (
        <p className="notice ok" role="status">
          {done}
        </p>
      )}
      <form className="inline-form" role="search" onSubmit={onSubmit(() => setQuery(search.trim()))}>
        <div className="field">
          <label htmlFor="session-graduate-search">Graduate’s name or external id</label>
          <input id="session-graduate-search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button type="submit" className="secondary">
          Find graduate
        </button>
      </form>
      {query && (
        <Loaded resource={found} what="graduates">
          {(result) =>
            !result || result.items.length === 0 ? (
              <Empty>No graduate matches.</Empty>
            ) : (
              <div className="field">
                <label htmlFor="session-graduate">Graduate</label>
                <select
                  id="session-graduate"
                  value={graduate?.id ?? ''}
                  onChange={(e) => {
                    setGraduate(result.items.find((g) => g.id === e.target.value) ?? null);
                    setChosen([]);
                  }}
                >
                  <option value="">Choose…</option>
                  {result.items.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.preferredName ?? g.firstName} {g.lastName}
                      {g.externalId ? ` (${g.externalId})` : ''}
                    </option>
                  ))}
                </select>
              </div>
            )
          }
        </Loaded>
      )}
      {graduate && (
        <Loaded resource={contacts} what="contacts">
          {(list) => (
            <form onSubmit={onSubmit((form) => schedule.run(form))}>
              <fieldset>
                <legend>Invite (only contacts with consent for session notices can be chosen)</legend>
                {!list || list.length === 0 ? (
                  <Empty>This graduate has no family contacts.</Empty>
                ) : (
                  list.map((c) => (
                    <div key={c.id}>
                      <input
                        type="checkbox"
                        id={`invite-${c.id}`}
                        disabled={!c.consented}
                        checked={chosen.includes(c.id)}
                        onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((id) => id !== c.id))}
                        aria-describedby={c.consented ? undefined : `no-consent-${c.id}`}
                      />{' '}
                      <label htmlFor={`invite-${c.id}`} style={{ display: 'inline', fontWeight: 400 }}>
                        {c.name} ({c.relationship})
                      </label>
                      {!c.consented && (
                        <span id={`no-consent-${c.id}`} className="muted">
                          {' '}
                          no consent for session notices
                        </span>
                      )}
                    </div>
                  ))
                )}
              </fieldset>
              <div className="inline-form">
                <div className="field">
                  <label htmlFor="session-start">Starts (graduate’s time zone)</label>
                  <input id="session-start" name="startsLocal" type="datetime-local" required min={`${isoDay(new Date())}T00:00`} />
                </div>
                <div className="field">
                  <label htmlFor="session-duration">Minutes</label>
                  <input id="session-duration" name="durationMinutes" type="number" min={5} max={720} defaultValue={60} required />
                </div>
                <div className="field">
                  <label htmlFor="session-location">Place (shown in messages)</label>
                  <input id="session-location" name="location" maxLength={300} />
                </div>
                <div className="field">
                  <label htmlFor="session-clinician">Clinician (staff only)</label>
                  <input id="session-clinician" name="clinician" maxLength={200} />
                </div>
                <button type="submit" disabled={schedule.busy || chosen.length === 0}>
                  Schedule session
                </button>
              </div>
            </form>
          )}
        </Loaded>
      )}
      <ErrorNotice error={schedule.error} />
    </section>
  );
}

export function FamilySessionsPage() {
  const [from] = useState(() => {
    const start = new Date();
    start.setDate(start.getDate() - 7);
    start.setHours(0, 0, 0, 0);
    return start;
  });
  const to = new Date(from.getTime() + 90 * 86_400_000);
  const sessions = useResource(() => api<SessionItem[]>('/family-sessions', { query: { from: from.toISOString(), to: to.toISOString() } }), []);
  return (
    <>
      <h1>Family sessions</h1>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">From last week to the next three months</h2>
        <Loaded resource={sessions} what="family sessions">
          {(items) =>
            items.length === 0 ? (
              <Empty>No family sessions in this window.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Graduate</th>
                      <th scope="col">Invited contacts and their notices</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((s) => (
                      <tr key={s.id}>
                        <td>
                          {formatDateTime(s.startsAt, s.timezone)} <span className="muted">({s.timezone})</span>
                          {s.clinician && <div className="muted">with {s.clinician}</div>}
                        </td>
                        <td>
                          <Link to={`/graduates/${s.graduateId}`}>{s.graduateFirstName}</Link>
                        </td>
                        <td>
                          {s.participants
                            .filter((p) => !p.removed)
                            .map((p) => (
                              <div key={p.contactId}>
                                <strong>{p.name}</strong> ({p.relationship}, {p.channel.toUpperCase()}){p.attendance && <> · {humanise(p.attendance)}</>}
                                <Notices participant={p} />
                              </div>
                            ))}
                        </td>
                        <td>
                          <Badge tone={s.status === 'cancelled' ? 'danger' : 'neutral'}>{humanise(s.status)}</Badge>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
      <ScheduleForm onScheduled={sessions.reload} />
    </>
  );
}
