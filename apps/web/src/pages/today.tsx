import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Page } from '../api';
import { Badge, CheckInBadge, Empty, ErrorNotice, formatDateTime, formatTime, humanise, Loaded, onSubmit, todayRange, useAction, useResource } from '../ui';

export interface AlertItem {
  id: string;
  graduateId: string;
  firstName: string | null;
  kind: string;
  urgency: 'urgent' | 'routine';
  reasons: string[];
  status: 'open' | 'acknowledged' | 'resolved';
  createdAt: string;
}

interface DueCheckIn {
  id: string;
  graduateId: string;
  firstName: string;
  dueAt: string;
  status: string;
  channel: string | null;
  answeredAt: string | null;
}

interface Occurrence {
  id: string;
  title: string;
  startsAt: string;
  timezone: string;
  status: string;
  capacity: number | null;
  counts: { yes: number; invited: number };
}

interface WorkItem {
  graduateId: string;
  firstName: string;
  reasons: { reason: string; since: string; detail: string | null }[];
}

const REASON_WORDS: Record<string, string> = {
  escalation: 'Escalation',
  at_risk: 'At-risk flag',
  missed_check_in: 'Missed check-in',
  no_touch: '21 days without contact',
  inbound: 'Unanswered text',
  next_step: 'Next step due',
  follow_up: 'Follow-up window open',
};

/** One alert with its acknowledge / resolve buttons and a note box. */
function AlertCard({ alert, onChanged }: { alert: AlertItem; onChanged: () => void }) {
  const change = useAction(async (status: 'acknowledged' | 'resolved') => {
    await api(`/alerts/${alert.id}`, { method: 'PATCH', body: { status } });
    onChanged();
  });
  const note = useAction(async (body: string) => {
    await api(`/alerts/${alert.id}/notes`, { method: 'POST', body: { body } });
    onChanged();
  });
  const [text, setText] = useState('');
  const headingId = `alert-${alert.id}`;
  return (
    <li aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Badge tone={alert.urgency === 'urgent' ? 'danger' : 'warn'}>{alert.urgency === 'urgent' ? 'Urgent' : 'Routine'}</Badge>{' '}
        {humanise(alert.kind)}: <Link to={`/graduates/${alert.graduateId}`}>{alert.firstName ?? 'graduate'}</Link>
      </h3>
      <p className="muted">
        Raised {formatDateTime(alert.createdAt)} · {alert.status === 'open' ? 'open' : 'acknowledged'}
      </p>
      {alert.reasons.length > 0 && <p>{alert.reasons.map(humanise).join('; ')}</p>}
      <div className="actions">
        {alert.status === 'open' && (
          <button type="button" disabled={change.busy} onClick={() => void change.run('acknowledged')}>
            Acknowledge
          </button>
        )}
        <button type="button" className="secondary" disabled={change.busy} onClick={() => void change.run('resolved')}>
          Resolve
        </button>
      </div>
      <ErrorNotice error={change.error} />
      <form
        className="inline-form"
        onSubmit={onSubmit(async () => {
          if (await note.run(text)) setText('');
        })}
      >
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor={`note-${alert.id}`}>Note on this alert</label>
          <textarea id={`note-${alert.id}`} name="body" rows={2} required value={text} onChange={(e) => setText(e.target.value)} style={{ minHeight: '2.5rem' }} />
        </div>
        <button type="submit" className="secondary" disabled={note.busy}>
          Add note
        </button>
      </form>
      <ErrorNotice error={note.error} />
    </li>
  );
}

export function TodayPage() {
  const range = todayRange();
  const alerts = useResource(async () => {
    const [open, acknowledged] = await Promise.all([
      api<Page<AlertItem>>('/alerts', { query: { status: 'open', pageSize: 50 } }),
      api<Page<AlertItem>>('/alerts', { query: { status: 'acknowledged', pageSize: 50 } }),
    ]);
    return [...open.items, ...acknowledged.items];
  }, []);
  const checkIns = useResource(() => api<DueCheckIn[]>('/check-ins', { query: range }), []);
  const meetings = useResource(() => api<Occurrence[]>('/meeting-occurrences', { query: range }), []);
  const worklist = useResource(() => api<WorkItem[]>('/worklist'), []);

  return (
    <>
      <h1>Today</h1>
      <section className="card" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Open alerts</h2>
        <Loaded resource={alerts} what="alerts">
          {(items) =>
            items.length === 0 ? (
              <Empty>No open alerts.</Empty>
            ) : (
              <ul className="plain">
                {items.map((a) => (
                  <AlertCard key={a.id} alert={a} onChanged={alerts.reload} />
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
      <div className="grid-2">
        <section className="card" aria-labelledby="due-heading">
          <h2 id="due-heading">Check-ins due today</h2>
          <Loaded resource={checkIns} what="check-ins">
            {(items) =>
              items.length === 0 ? (
                <Empty>No check-ins due today.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Graduate</th>
                      <th scope="col">Due</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link to={`/graduates/${c.graduateId}`}>{c.firstName}</Link>
                        </td>
                        <td>{formatTime(c.dueAt)}</td>
                        <td>
                          <CheckInBadge status={c.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Loaded>
        </section>
        <section className="card" aria-labelledby="meetings-heading">
          <h2 id="meetings-heading">Meetings today</h2>
          <Loaded resource={meetings} what="meetings">
            {(items) =>
              items.length === 0 ? (
                <Empty>No meetings today.</Empty>
              ) : (
                <ul className="plain">
                  {items.map((o) => (
                    <li key={o.id}>
                      <Link to={`/meetings/${o.id}`}>
                        {formatTime(o.startsAt, o.timezone)} {o.title}
                      </Link>{' '}
                      {o.status === 'cancelled' ? <Badge tone="danger">Cancelled</Badge> : <span className="muted">{o.counts.yes} coming</span>}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
      </div>
      <section className="card" aria-labelledby="worklist-heading">
        <h2 id="worklist-heading">My worklist</h2>
        <Loaded resource={worklist} what="the worklist">
          {(items) =>
            items.length === 0 ? (
              <Empty>Nobody needs a call today.</Empty>
            ) : (
              <ul className="plain">
                {items.map((w) => (
                  <li key={w.graduateId}>
                    <Link to={`/graduates/${w.graduateId}`}>{w.firstName}</Link>:{' '}
                    {w.reasons.map((r) => REASON_WORDS[r.reason] ?? humanise(r.reason)).join(' · ')}
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      </section>
    </>
  );
}
