import { type KeyboardEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { useUser } from '../session';
import { Badge, DeliveryBadge, Empty, ErrorNotice, formatDateTime, humanise, Loaded, onSubmit, useAction, useResource } from '../ui';

interface Delivery {
  id: string;
  graduateId: string | null;
  contactId: string | null;
  staffUserId: string | null;
  channel: 'sms' | 'email';
  kind: string;
  priority: string;
  status: string;
  dueAt: string;
  sendAfter: string;
  attempts: number;
  transport: string | null;
  errorCode: string | null;
  errorReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface OutboxMessage {
  id: string;
  deliveryId: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
  createdAt: string;
}

interface Template {
  kind: string;
  channel: 'sms' | 'email';
  language: 'en' | 'es';
  subject: string | null;
  body: string;
  allowPlainWording: boolean;
  isDefault: boolean;
  preview: { text: string; segments: number | null; encoding: string | null };
}

const STATUSES = ['pending', 'submitting', 'unknown', 'sent', 'delivered', 'failed', 'cancelled'];
const LANGUAGES = { en: 'English', es: 'Spanish' } as const;
const TABS = [
  { id: 'log', label: 'Delivery log' },
  { id: 'outbox', label: 'Outbox' },
  { id: 'templates', label: 'Templates' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Whom a message went to, without naming them: staff, a family contact or the graduate (linked to their page). */
function recipient(d: Delivery) {
  if (d.staffUserId) return d.graduateId ? <>staff, about <Link to={`/graduates/${d.graduateId}`}>a graduate</Link></> : 'staff';
  if (!d.graduateId) return '—';
  return <Link to={`/graduates/${d.graduateId}`}>{d.contactId ? 'family contact' : 'graduate'}</Link>;
}

function DeliveryLog() {
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState<Delivery[][]>([]);
  const first = useResource(async () => {
    setPages([]);
    return api<Delivery[]>('/deliveries', { query: { status, limit: 50 } });
  }, [status]);
  const more = useAction(async (before: string) => {
    const next = await api<Delivery[]>('/deliveries', { query: { status, limit: 50, before } });
    setPages([...pages, next]);
  });
  return (
    <>
      <div className="field" style={{ maxWidth: '16rem' }}>
        <label htmlFor="delivery-status">Status</label>
        <select id="delivery-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanise(s)}
            </option>
          ))}
        </select>
      </div>
      <Loaded resource={first} what="deliveries">
        {(firstPage) => {
          const items = [firstPage, ...pages].flat();
          const last = [firstPage, ...pages].at(-1) ?? [];
          if (items.length === 0) return <Empty>No messages{status ? ` with status ${humanise(status).toLowerCase()}` : ''}.</Empty>;
          return (
            <>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Created</th>
                      <th scope="col">Message</th>
                      <th scope="col">To</th>
                      <th scope="col">Status</th>
                      <th scope="col">Failure reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((d) => (
                      <tr key={d.id}>
                        <td>{formatDateTime(d.createdAt)}</td>
                        <td>
                          {humanise(d.kind)} <span className="muted">by {d.channel.toUpperCase()}</span>
                          {d.priority === 'urgent' && (
                            <>
                              {' '}
                              <Badge tone="danger">Urgent</Badge>
                            </>
                          )}
                        </td>
                        <td>{recipient(d)}</td>
                        <td>
                          <DeliveryBadge status={d.status} />
                          <div className="muted">
                            {d.finishedAt ? formatDateTime(d.finishedAt) : `due ${formatDateTime(d.sendAfter)}`}
                            {d.attempts > 1 && ` · ${d.attempts} tries`}
                          </div>
                        </td>
                        <td>{d.errorReason ? `${d.errorReason}${d.errorCode ? ` (${d.errorCode})` : ''}` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {last.length === 50 && (
                <div className="actions">
                  <button type="button" className="secondary" disabled={more.busy} onClick={() => void more.run(items[items.length - 1].createdAt)}>
                    Older messages
                  </button>
                </div>
              )}
              <ErrorNotice error={more.error} />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function Outbox() {
  const outbox = useResource(() => api<OutboxMessage[]>('/outbox', { query: { limit: 100 } }), []);
  return (
    <>
      <p className="muted">With no Twilio or SMTP credentials set, messages are kept here instead of being sent.</p>
      <Loaded resource={outbox} what="the outbox">
        {(items) =>
          items.length === 0 ? (
            <Empty>The outbox is empty.</Empty>
          ) : (
            <ul className="plain">
              {items.map((m) => (
                <li key={m.id}>
                  <p style={{ margin: 0 }}>
                    <strong>{m.channel.toUpperCase()}</strong> to {m.to} <span className="muted">· {formatDateTime(m.createdAt)}</span>
                  </p>
                  {m.subject && <p style={{ margin: '0.25rem 0' }}>Subject: {m.subject}</p>}
                  <pre className="preview">{m.body}</pre>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

/** One language's wording: edit, preview through the API's own checks, save or go back to the default. */
function TemplateEditor({ template, canEdit, onSaved }: { template: Template; canEdit: boolean; onSaved: () => void }) {
  const [subject, setSubject] = useState(template.subject ?? '');
  const [body, setBody] = useState(template.body);
  const [plain, setPlain] = useState(template.allowPlainWording);
  const [preview, setPreview] = useState<Template['preview']>(template.preview);
  const [saved, setSaved] = useState<string | null>(null);
  const path = `/templates/${template.kind}/${template.channel}/${template.language}`;
  const draft = () => ({ subject: template.channel === 'email' ? subject : null, body, allowPlainWording: plain });
  const check = useAction(async () => {
    setSaved(null);
    setPreview((await api<Template>(`${path}/preview`, { method: 'POST', body: draft() })).preview);
  });
  const save = useAction(async () => {
    setPreview((await api<Template>(path, { method: 'PUT', body: draft() })).preview);
    setSaved('Saved.');
    onSaved();
  });
  const reset = useAction(async () => {
    await api(path, { method: 'DELETE' });
    setSaved('Back to the default wording.');
    onSaved();
  });
  const id = `${template.channel}-${template.language}`;
  const language = LANGUAGES[template.language];
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        {language} {template.isDefault ? <Badge tone="neutral">Default</Badge> : <Badge tone="good">Your wording</Badge>}
      </h3>
      <form onSubmit={onSubmit(() => check.run())}>
        {template.channel === 'email' && (
          <div className="field">
            <label htmlFor={`${id}-subject`}>Subject ({language})</label>
            <input id={`${id}-subject`} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-body`}>Wording ({language})</label>
          <textarea id={`${id}-body`} value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} rows={5} />
        </div>
        <div>
          <input id={`${id}-plain`} type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} />{' '}
          <label htmlFor={`${id}-plain`} style={{ display: 'inline', fontWeight: 400 }}>
            Recipients chose plainer wording (skip the lock-screen word check)
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="secondary" disabled={check.busy}>
            Preview {language}
          </button>
          {canEdit && (
            <button type="button" disabled={save.busy} onClick={() => void save.run()}>
              Save {language}
            </button>
          )}
          {canEdit && !template.isDefault && (
            <button type="button" className="secondary" disabled={reset.busy} onClick={() => void reset.run()}>
              Back to default
            </button>
          )}
        </div>
      </form>
      {saved && (
        <p className="notice ok" role="status">
          {saved}
        </p>
      )}
      <ErrorNotice error={check.error ?? save.error ?? reset.error} />
      <h4>Preview with sample values</h4>
      <pre className="preview" aria-label={`Preview (${language})`}>
        {preview.text}
      </pre>
      {preview.segments !== null && (
        <p className="muted">
          {preview.segments} SMS segment{preview.segments === 1 ? '' : 's'} ({preview.encoding})
        </p>
      )}
    </section>
  );
}

function Templates() {
  const user = useUser();
  const templates = useResource(() => api<Template[]>('/templates'), []);
  const [kind, setKind] = useState('check_in.prompt');
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const canEdit = user.role === 'admin';
  return (
    <Loaded resource={templates} what="templates">
      {(all) => {
        const kinds = [...new Set(all.map((t) => t.kind))];
        const pair = all.filter((t) => t.kind === kind && t.channel === channel);
        return (
          <>
            {!canEdit && <p className="muted">Only an admin can save wording; you can draft and preview it here.</p>}
            <div className="inline-form">
              <div className="field">
                <label htmlFor="template-kind">Message</label>
                <select id="template-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {humanise(k)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="template-channel">Channel</label>
                <select id="template-channel" value={channel} onChange={(e) => setChannel(e.target.value as 'sms' | 'email')}>
                  <option value="sms">SMS</option>
                  <option value="email">Email</option>
                </select>
              </div>
            </div>
            <div className="grid-2" style={{ marginTop: '1rem' }}>
              {pair.map((t) => (
                // A new key per saved state, so the editor starts from what the API holds.
                <TemplateEditor key={`${t.kind}:${t.channel}:${t.language}:${t.isDefault}:${t.body}`} template={t} canEdit={canEdit} onSaved={templates.reload} />
              ))}
            </div>
          </>
        );
      }}
    </Loaded>
  );
}

export function MessagesPage() {
  const [tab, setTab] = useState<Tab>('log');
  const move = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    const target = TABS[(next + TABS.length) % TABS.length];
    setTab(target.id);
    document.getElementById(`tab-${target.id}`)?.focus();
  };
  return (
    <>
      <h1>Messages</h1>
      <div className="tabs" role="tablist" aria-label="Messages">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={move}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'log' && <DeliveryLog />}
        {tab === 'outbox' && <Outbox />}
        {tab === 'templates' && <Templates />}
      </div>
    </>
  );
}
