#!/usr/bin/env node
// `npm run screenshots`: pictures of the dashboard's main screens for docs/screenshots, taken in
// Debian's Chromium from a running demo (`npm start`; API_URL, default http://localhost:3000).
// It first gives the demo something to show: a demo graduate answers a check-in worryingly (an
// escalation on Today) and RSVPs to the next alumni evening. Run it against the demo only.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const out = process.env.SCREENSHOTS_DIR ?? 'docs/screenshots';
const password = process.env.DEMO_PASSWORD ?? 'continuum-demo-2026';
mkdirSync(out, { recursive: true });

async function call(path, { token, method = 'GET', body, form } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(`${base}${path}`, { method, headers, body: body ? JSON.stringify(body) : form ? new URLSearchParams(form).toString() : undefined });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function linkInOutbox(token, pattern, deliveryFilter) {
  for (let i = 0; i < 150; i += 1) {
    const outbox = await call('/outbox', { token });
    const hit = outbox.find((m) => deliveryFilter(m) && pattern.test(m.body));
    if (hit) return pattern.exec(hit.body)[0];
    await sleep(1_000);
  }
  throw new Error(`no message matching ${pattern} reached the outbox`);
}

const login = await call('/auth/login', { method: 'POST', body: { email: 'coordinator@demo.continuum.test', password } });
const token = login.accessToken;
const graduates = (await call('/graduates?caseload=all&pageSize=50', { token })).items;
const devon = graduates.find((g) => g.firstName === 'Devon') ?? graduates[0];

// An escalation: Devon on the demo's fast plan, answering the first prompt with a hard day.
const plans = await call('/check-in-plans', { token });
const fast = plans.find((p) => p.protocol?.startsWith('demo-minutes')) ?? plans[0];
await call('/check-in-enrolments', { token, method: 'POST', body: { planId: fast.id, graduateIds: [devon.id] } });
const checkInLink = await linkInOutbox(token, /\/c\/[A-Za-z0-9_-]{43}/, (m) => m.to === devon.phone).catch(() => null);
if (checkInLink) await call(checkInLink, { method: 'POST', form: { mood: '1', craving: '8', used: 'no' } }).catch(() => undefined);

// An RSVP to the next alumni evening.
const from = new Date().toISOString();
const to = new Date(Date.now() + 30 * 86_400_000).toISOString();
const [next] = await call(`/meeting-occurrences?from=${from}&to=${to}`, { token });
if (next) {
  await call(`/meeting-occurrences/${next.id}/invitations`, { token, method: 'POST' }).catch(() => undefined);
  const rsvp = await linkInOutbox(token, /\/r\/[A-Za-z0-9_-]{43}/, (m) => m.to === devon.phone).catch(() => null);
  if (rsvp) await call(rsvp, { method: 'POST', form: { answer: 'yes' } }).catch(() => undefined);
}

// A family session with the contacts who consented to its notices (42 CFR Part 2), three days out.
for (const g of graduates) {
  const { current } = await call(`/graduates/${g.id}/consents`, { token });
  const consented = [...new Set(current.filter((c) => c.contactId && c.purpose === 'family_session_notices' && c.active).map((c) => c.contactId))];
  if (consented.length === 0) continue;
  if ((await call(`/graduates/${g.id}/family-sessions`, { token })).length > 0) break;
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await call(`/graduates/${g.id}/family-sessions`, {
    token,
    method: 'POST',
    body: { startsLocal: `${day}T17:30`, durationMinutes: 60, location: '1200 Riverside Avenue, Suite 300', clinician: 'Dr. Demo', contactIds: consented },
  });
  break;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// The demo organisation's zone, so times read as its coordinators would see them.
const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, timezoneId: 'America/Chicago' });
const page = await context.newPage();
await page.goto(`${base}/app/`);
await page.screenshot({ path: `${out}/sign-in.png` });
await page.getByLabel('Email').fill('coordinator@demo.continuum.test');
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();

async function shoot(path, name, heading) {
  await page.goto(`${base}/app${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
}

await shoot('/', 'today', 'Today');
await shoot('/graduates', 'graduates', 'Graduates');
await shoot(`/graduates/${devon.id}`, 'graduate', new RegExp(devon.firstName));
await shoot('/meetings', 'meetings', 'Meetings');
if (next) await shoot(`/meetings/${next.id}`, 'meeting', /./);
await shoot('/family-sessions', 'family-sessions', 'Family sessions');
await shoot('/messages', 'messages', 'Messages');
await shoot('/reports', 'reports', 'Reports');

// A graduate's own page, as a phone shows it.
const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, isMobile: true, timezoneId: 'America/Chicago' });
if (next) {
  await call(`/meeting-occurrences/${next.id}/invitations`, { token, method: 'POST' }).catch(() => undefined);
}
// Someone else's invitation, not yet answered: the page a graduate opens from the text.
const anyLink = await linkInOutbox(token, /\/r\/[A-Za-z0-9_-]{43}/, (m) => m.to !== devon.phone).catch(() => null);
if (anyLink) {
  const mobile = await phone.newPage();
  await mobile.goto(`${base}${anyLink}`);
  await mobile.screenshot({ path: `${out}/graduate-page-360.png`, fullPage: true });
  console.log(`${out}/graduate-page-360.png`);
}
await browser.close();
