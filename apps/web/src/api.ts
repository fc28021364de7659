/**
 * The dashboard's one way to the API: same origin, bearer access token held in memory, refresh
 * token in sessionStorage (this tab only, gone when it closes). A 401 refreshes once and retries.
 * Nothing that names a person goes in a URL the dashboard shows; API query strings carry filters.
 */
export interface ErrorDetail {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** A program, as the pickers list it. */
export interface Program {
  id: string;
  name: string;
}

/** One current consent of a graduate (`GET /graduates/{id}/consents`). */
export interface ConsentState {
  seq: string;
  contactId: string | null;
  channel: 'sms' | 'email';
  purpose: string;
  decision: 'granted' | 'revoked';
  method: string;
  description: string | null;
  expiresAt: string | null;
  recordedAt: string;
  active: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

const REFRESH_KEY = 'continuum.refresh';
let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => undefined;

export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

export function storeTokens(tokens: Tokens): void {
  accessToken = tokens.accessToken;
  sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
}

export function storedRefreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_KEY);
}

export function clearTokens(): void {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_KEY);
}

export async function refreshSession(): Promise<boolean> {
  const refreshToken = storedRefreshToken();
  if (!refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!response.ok) {
        clearTokens();
        return false;
      }
      storeTokens((await response.json()) as Tokens);
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as is with this content type (CSV import). */
  rawBody?: { contentType: string; text: string };
  query?: Record<string, string | number | boolean | undefined | null>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: string | undefined;
  if (options.rawBody) {
    headers['content-type'] = options.rawBody.contentType;
    body = options.rawBody.text;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(withQuery(path, options.query), { method: options.method ?? 'GET', headers, body });
}

async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options);
  if (response.status === 401 && (await refreshSession())) response = await send(path, options);
  if (response.status === 401) {
    clearTokens();
    onSignedOut();
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { message?: string; details?: ErrorDetail[] } | null;
    throw new ApiError(response.status, problem?.message ?? response.statusText, problem?.details ?? []);
  }
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** A CSV (or other file) from the API, saved through a blob link so the token never enters a URL. */
export async function download(path: string, query: RequestOptions['query'], filename: string): Promise<void> {
  const response = await request(path, { query });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
