import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type ConsentState, type Page } from '../api';
import { LineChart } from '../charts';
import { Badge, CheckInBadge, Empty, ErrorNotice, formatDate, formatDateTime, humanise, Loaded, onSubmit, Pager, useAction, useResource } from '../ui';
import type { AlertItem } from './today';

interface Graduate {
  id: string;
  externalId: string | null;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  programId: string | null;
  cohort: string | null;
  admissionDate: string | null;
  dischargeDate: string | null;
  timezone: string;
  phone: string | null;
  email: string | null;
  preferredChannels: string[];
  contactHoursStart: string | null;
  contactHoursEnd: string | null;
  language: string;
  status: string;
}

interface Contact {
  id: string;
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
  language: string;
}

interface Enrolment {
  id: string;
  planId: string;
  status: 'active' | 'paused' | 'withdrawn';
  enrolledAt: string;
}

interface Plan {
  id: string;
  name: string;
}

interface CheckIn {
  id: string | null;
  sequence: number;
  dueAt: string;
  status: string;
  channel: string | null;
  answeredAt: string | null;
}

interface Engagement {
  score: number | null;
  day: string | null;
  lastTouchAt: string | null;
  history: { day: string; score: number }[];
  flags: { rule: string; reason: string; raisedAt: string }[];
}

interface TimelineEntry {
  id: string;
  kind: string;
  occurredAt: string;
}

const PURPOSES: Record<string, string> = {
  check_ins: 'Check-ins',
  meeting_invites: 'Meeting invitations',
  family_session_notices: 'Family-session notices',
};
const GRANT_METHODS: Record<string, string> = { form: 'Signed form on file', verbal: 'Said to staff', written: 'Letter or email' };
const REVOKE_METHODS: Record<string, string> = { verbal: 'Said to staff', written: 'Letter or email', staff_action: 'Staff decision' };
const SHOWN_TEXT: Record<string, string> = {
  check_ins: 'We will send you a short check-in now and then. Reply STOP at any time to end them.',
  meeting_invites: 'We will invite you to alumni meetings by text or email. Reply STOP at any time to end them.',
  family_session_notices: 'We will send session notices and reminders. Reply STOP at any time to end them.',
};

function ConsentsCard({ graduateId, contacts }: { graduateId: string; contacts: Contact[] }) {
  const consents = useResource(() => api<{ current: ConsentState[] }>(`/graduates/${graduateId}/consents`), [graduateId]);
  const [revokeMethod, setRevokeMethod] = useState('verbal');
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('check_ins');
  const [done, setDone] = useState<string | null>(null);
  const nameOf = (contactId: string | null) => (contactId ? (contacts.find((c) => c.id === contactId)?.name ?? 'contact') : 'Graduate');
  const revoke = useAction(async (c: ConsentState) => {
    await api(`/graduates/${graduateId}/consents/revocations`, {
      method: 'POST',
      body: { contactId: c.contactId, channel: c.channel, purpose: c.purpose, method: revokeMethod },
    });
    setDone(`Revoked: ${nameOf(c.contactId)}, ${c.channel.toUpperCase()}, ${PURPOSES[c.purpose] ?? c.purpose}.`);
    consents.reload();
  });
  const grant = useAction(async (form: FormData) => {
    const contactId = recipient || null;
    const expires = String(form.get('expiresAt') ?? '');
    await api(`/graduates/${graduateId}/consents`, {
      method: 'POST',
      body: {
        contactId,
        channel: form.get('channel'),
        purpose,
        method: form.get('method'),
        shownText: form.get('shownText'),
        description: String(form.get('description') ?? '') || null,
        expiresAt: expires ? new Date(`${expires}T23:59:00`).toISOString() : null,
      },
    });
    setDone(`Consent recorded for ${nameOf(contactId)}.`);
    consents.reload();
  });
  return (
    <section className="card" aria-labelledby="consents-heading">
      <h2 id="consents-heading">Consents</h2>
      {done && (
        <p className="notice ok" role="status">
          {done}
        </p>
      )}
      <ErrorNotice error={revoke.error} />
      <Loaded resource={consents} what="consents">
        {({ current }) =>
          current.length === 0 ? (
            <Empty>No consent recorded: Continuum will not message this person.</Empty>
          ) : (
            <>
              <div className="field" style={{ maxWidth: '20rem' }}>
                <label htmlFor="revoke-method">How a revocation was given</label>
                <select id="revoke-method" value={revokeMethod} onChange={(e) => setRevokeMethod(e.target.value)}>
                  {Object.entries(REVOKE_METHODS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Who</th>
                      <th scope="col">Channel</th>
                      <th scope="col">Purpose</th>
                      <th scope="col">State</th>
                      <th scope="col">How, when</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {current.map((c) => {
                      const label = `${nameOf(c.contactId)} ${c.channel.toUpperCase()} ${PURPOSES[c.purpose] ?? c.purpose}`;
                      return (
                        <tr key={c.seq}>
                          <td>{nameOf(c.contactId)}</td>
                          <td>{c.channel.toUpperCase()}</td>
                          <td>{PURPOSES[c.purpose] ?? c.purpose}</td>
                          <td>
                            {c.active ? <Badge tone="good">Granted</Badge> : <Badge tone="neutral">{c.decision === 'revoked' ? 'Revoked' : 'Expired'}</Badge>}
                          </td>
                          <td>
                            {humanise(c.method)}, {formatDate(c.recordedAt)}
                            {c.expiresAt && <span className="muted"> · until {formatDate(c.expiresAt)}</span>}
                          </td>
                          <td>
                            {c.active && (
                              <button type="button" className="danger" aria-label={`Revoke ${label}`} disabled={revoke.busy} onClick={() => void revoke.run(c)}>
                                Revoke
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Loaded>
      <h3>Record a consent</h3>
      <form onSubmit={onSubmit((form) => grant.run(form))}>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="grant-recipient">Who</label>
            <select id="grant-recipient" value={recipient} onChange={(e) => setRecipient(e.target.value)}>
              <option value="">The graduate</option>
              {contacts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.relationship})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="grant-channel">Channel</label>
            <select id="grant-channel" name="channel">
              <option value="sms">SMS</option>
              <option value="email">Email</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="grant-purpose">Purpose</label>
            <select id="grant-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
              {Object.entries(PURPOSES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="grant-method">How it was given</label>
            <select id="grant-method" name="method">
              {Object.entries(GRANT_METHODS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          {recipient && (
            <div className="field">
              <label htmlFor="grant-expires">Expires on (at most a year)</label>
              <input id="grant-expires" name="expiresAt" type="date" required />
            </div>
          )}
        </div>
        <label htmlFor="grant-shown">Consent text the person read or heard</label>
        <textarea id="grant-shown" name="shownText" key={purpose} defaultValue={SHOWN_TEXT[purpose]} required />
        {recipient && (
          <>
            <label htmlFor="grant-description">What may be shared with this contact</label>
            <input id="grant-description" name="description" required style={{ width: '100%' }} />
          </>
        )}
        <ErrorNotice error={grant.error} />
        <div className="actions">
          <button type="submit" disabled={grant.busy}>
            Record consent
          </button>
        </div>
      </form>
    </section>
  );
}

function EnrolmentCard({ graduateId }: { graduateId: string }) {
  const plans = useResource(() => api<Plan[]>('/check-in-plans'), []);
  const enrolment = useResource(
    () => api<Enrolment>(`/graduates/${graduateId}/check-in-enrolment`).catch((e: unknown) => (e instanceof Error && 'status' in e && e.status === 404 ? null : Promise.reject(e))),
    [graduateId],
  );
  const checkIns = useResource(() => api<CheckIn[]>(`/graduates/${graduateId}/check-ins`), [graduateId]);
  const reload = () => {
    enrolment.reload();
    checkIns.reload();
  };
  const change = useAction(async (status: Enrolment['status']) => {
    await api(`/graduates/${graduateId}/check-in-enrolment`, { method: 'PATCH', body: { status } });
    reload();
  });
  const enrol = useAction(async (planId: string) => {
    await api('/check-in-enrolments', { method: 'POST', body: { planId, graduateIds: [graduateId] } });
    reload();
  });
  const planName = (id: string) => plans.data?.find((p) => p.id === id)?.name ?? 'plan';
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="enrolment-heading">
      <h2 id="enrolment-heading">Check-ins</h2>
      <Loaded resource={enrolment} what="the enrolment">
        {(e) =>
          e ? (
            <>
              <p>
                On <strong>{planName(e.planId)}</strong> since {formatDate(e.enrolledAt)}:{' '}
                <Badge tone={e.status === 'active' ? 'good' : 'neutral'}>{humanise(e.status)}</Badge>
              </p>
              <div className="actions">
                {e.status === 'active' && (
                  <button type="button" className="secondary" onClick={() => void change.run('paused')}>
                    Pause check-ins
                  </button>
                )}
                {e.status === 'paused' && (
                  <button type="button" onClick={() => void change.run('active')}>
                    Resume check-ins
                  </button>
                )}
              </div>
            </>
          ) : (
            <form className="inline-form" onSubmit={onSubmit((form) => enrol.run(String(form.get('planId'))))}>
              <div className="field">
                <label htmlFor="enrol-plan">Check-in plan</label>
                <select id="enrol-plan" name="planId" required>
                  {plans.data?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" disabled={enrol.busy}>
                Enrol
              </button>
            </form>
          )
        }
      </Loaded>
      <ErrorNotice error={change.error ?? enrol.error} />
      <h3>Upcoming</h3>
      <Loaded resource={checkIns} what="check-ins">
        {(items) => {
          const upcoming = items.filter((c) => new Date(c.dueAt).getTime() >= now && ['scheduled', 'sent', 'pending'].includes(c.status)).slice(0, 5);
          const recent = items.filter((c) => new Date(c.dueAt).getTime() < now).slice(-5).reverse();
          return (
            <>
              {upcoming.length === 0 ? (
                <Empty>None planned.</Empty>
              ) : (
                <ul className="plain">
                  {upcoming.map((c) => (
                    <li key={`${c.sequence}`}>
                      {formatDateTime(c.dueAt)} by {c.channel?.toUpperCase() ?? '—'}
                    </li>
                  ))}
                </ul>
              )}
              {recent.length > 0 && (
                <>
                  <h3>Recent</h3>
                  <ul className="plain">
                    {recent.map((c) => (
                      <li key={`${c.sequence}`}>
                        {formatDateTime(c.dueAt)}: <CheckInBadge status={c.status} />
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function EngagementCard({ graduateId }: { graduateId: string }) {
  const engagement = useResource(() => api<Engagement>(`/graduates/${graduateId}/engagement`), [graduateId]);
  const [page, setPage] = useState(1);
  const timeline = useResource(() => api<Page<TimelineEntry>>(`/graduates/${graduateId}/timeline`, { query: { page, pageSize: 15 } }), [graduateId, page]);
  return (
    <section className="card" aria-labelledby="engagement-heading">
      <h2 id="engagement-heading">Engagement</h2>
      <Loaded resource={engagement} what="engagement">
        {(e) => (
          <>
            <p>
              Score: <strong>{e.score ?? 'not yet scored'}</strong>
              {e.day && <span className="muted"> (as of {formatDate(e.day)})</span>} · last touchpoint {formatDateTime(e.lastTouchAt)}
            </p>
            {e.flags.length > 0 && (
              <ul>
                {e.flags.map((f) => (
                  <li key={f.rule}>
                    <Badge tone="warn">At risk</Badge> {f.reason} (since {formatDate(f.raisedAt)})
                  </li>
                ))}
              </ul>
            )}
            {e.history.length > 0 ? (
              <LineChart title="Engagement score" yLabel="score (0 to 100)" yMax={100} series={[{ name: 'Score', points: e.history.map((h) => ({ x: h.day, y: h.score })) }]} />
            ) : (
              <Empty>No score history yet: the worker writes one each night.</Empty>
            )}
          </>
        )}
      </Loaded>
      <h3>Timeline</h3>
      <Loaded resource={timeline} what="the timeline">
        {(result) =>
          result.items.length === 0 ? (
            <Empty>No touchpoints yet.</Empty>
          ) : (
            <>
              <ul className="plain" aria-label="Timeline">
                {result.items.map((t) => (
                  <li key={t.id}>
                    <span className="muted">{formatDateTime(t.occurredAt)}</span> {humanise(t.kind)}
                  </li>
                ))}
              </ul>
              <Pager page={result.page} pageSize={result.pageSize} total={result.total} onPage={setPage} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

export function GraduatePage() {
  const { id = '' } = useParams();
  const graduate = useResource(() => api<Graduate>(`/graduates/${id}`), [id]);
  const contacts = useResource(() => api<Contact[]>(`/graduates/${id}/contacts`), [id]);
  const alerts = useResource(() => api<Page<AlertItem>>('/alerts', { query: { graduateId: id, pageSize: 20 } }), [id]);
  const programs = useResource(() => api<Plan[]>('/programs'), []);
  return (
    <Loaded resource={graduate} what="the graduate">
      {(g) => {
        const open = alerts.data?.items.filter((a) => a.status !== 'resolved') ?? [];
        return (
          <>
            <p>
              <Link to="/graduates">← Graduates</Link>
            </p>
            <h1>
              {g.preferredName ?? g.firstName} {g.lastName}{' '}
              {open.some((a) => a.urgency === 'urgent' && a.status === 'open') ? <Badge tone="danger">Urgent</Badge> : open.length > 0 ? <Badge tone="warn">At risk</Badge> : null}
            </h1>
            {open.length > 0 && (
              <div className="notice error">
                <p>
                  {open.length} alert{open.length > 1 ? 's' : ''} not resolved: {open.map((a) => humanise(a.kind)).join(', ')}. <Link to="/">Open Today</Link>
                </p>
              </div>
            )}
            <div className="grid-2">
              <section className="card" aria-labelledby="details-heading">
                <h2 id="details-heading">Contact details</h2>
                <dl className="facts">
                  <dt>Status</dt>
                  <dd>{humanise(g.status)}</dd>
                  <dt>External id</dt>
                  <dd>{g.externalId ?? '—'}</dd>
                  <dt>Program</dt>
                  <dd>{programs.data?.find((p) => p.id === g.programId)?.name ?? '—'}</dd>
                  <dt>Discharged</dt>
                  <dd>{formatDate(g.dischargeDate)}</dd>
                  <dt>Phone</dt>
                  <dd>{g.phone ?? '—'}</dd>
                  <dt>Email</dt>
                  <dd>{g.email ?? '—'}</dd>
                  <dt>Prefers</dt>
                  <dd>{g.preferredChannels.map((c) => c.toUpperCase()).join(', ') || '—'}</dd>
                  <dt>Contact hours</dt>
                  <dd>
                    {g.contactHoursStart && g.contactHoursEnd ? `${g.contactHoursStart}–${g.contactHoursEnd}` : 'any time'} ({g.timezone})
                  </dd>
                  <dt>Language</dt>
                  <dd>{g.language === 'es' ? 'Spanish' : 'English'}</dd>
                </dl>
              </section>
              <section className="card" aria-labelledby="contacts-heading">
                <h2 id="contacts-heading">Family and support contacts</h2>
                <Loaded resource={contacts} what="contacts">
                  {(items) =>
                    items.length === 0 ? (
                      <Empty>No contacts.</Empty>
                    ) : (
                      <ul className="plain">
                        {items.map((c) => (
                          <li key={c.id}>
                            <strong>{c.name}</strong> ({c.relationship}) <span className="muted">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </Loaded>
              </section>
            </div>
            {contacts.data && <ConsentsCard graduateId={g.id} contacts={contacts.data} />}
            <div className="grid-2">
              <EnrolmentCard graduateId={g.id} />
              <EngagementCard graduateId={g.id} />
            </div>
          </>
        );
      }}
    </Loaded>
  );
}
