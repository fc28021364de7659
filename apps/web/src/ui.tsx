import { type DependencyList, type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

/** Loads something from the API when its dependencies change; `reload` asks again. */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    load()
      .then((value) => ticket === latest.current && (setData(value), setError(null)))
      .catch((e: unknown) => ticket === latest.current && setError(e))
      .finally(() => ticket === latest.current && setLoading(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload, setData };
}

/** Runs a change (a button or form) and keeps its error for the notice beside it. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action(...args);
        return true;
      } catch (e) {
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, clearError: () => setError(null) };
}

export function onSubmit(handler: (form: FormData) => unknown) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void handler(new FormData(event.currentTarget));
  };
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div className="notice error" role="alert">
      <p>{api ? api.message : 'Something went wrong. Please try again.'}</p>
      {api && api.details.length > 0 && (
        <ul>
          {api.details.map((d) => (
            <li key={`${d.field}:${d.reason}`}>
              <strong>{d.field}</strong> {d.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A loaded resource's three states in one place. */
export function Loaded<T>({ resource, what, children }: { resource: { data: T | undefined; error: unknown; loading: boolean }; what: string; children: (data: T) => ReactNode }) {
  if (resource.error) return <ErrorNotice error={resource.error} />;
  if (resource.data === undefined) return <Loading what={what} />;
  return <>{children(resource.data)}</>;
}

export type Tone = 'neutral' | 'good' | 'warn' | 'danger';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}

const DELIVERY_TONES: Record<string, Tone> = { delivered: 'good', sent: 'good', failed: 'danger', unknown: 'warn' };

/** A message's delivery status, as the messages and family-session pages show it. */
export function DeliveryBadge({ status }: { status: string }) {
  return <Badge tone={DELIVERY_TONES[status] ?? 'neutral'}>{humanise(status)}</Badge>;
}

/** A check-in's status: answered is good news, missed is not. */
export function CheckInBadge({ status }: { status: string }) {
  return <Badge tone={status === 'answered' ? 'good' : status === 'missed' ? 'danger' : 'neutral'}>{humanise(status)}</Badge>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted empty">{children}</p>;
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} ({total})
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** An instant in the browser's zone, or in `timeZone` (a meeting's own) when given. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return (timeZone ? new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }) : dateTime).format(new Date(iso));
}
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateOnly.format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso)) : '—';
}
export function formatTime(iso: string, timeZone?: string): string {
  return (timeZone ? new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }) : timeOnly).format(new Date(iso));
}
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** Local midnight today and tomorrow, as instants. */
export function todayRange(now = new Date()): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

/** YYYY-MM-DD in the browser's zone, or in `timeZone` when given. */
export function isoDay(date: Date, timeZone?: string): string {
  if (timeZone) return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function humanise(code: string): string {
  const text = code.replace(/[._]/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
