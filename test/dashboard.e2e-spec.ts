import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expectEventually } from '@continuum/testing';
import { startEngine, type Engine } from './support/engine';
import { uniquePhone, zoneWhereLocalHourIs } from './support/people';

/**
 * The coordinator dashboard and the graduates' pages in Debian's Chromium (headless, driven by
 * playwright-core), against the real API, worker, Postgres and Redis, with Twilio faked at the
 * network boundary. The dashboard is the production build (`nx build web`, which `npm test` runs
 * first), served by the API under /app exactly as in production.
 */
jest.setTimeout(120_000);

const WEB_DIST = resolve('dist/apps/web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Chromium as root in a sandbox with no network but loopback: no sandbox, no background calls home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** How long one browser step may wait: well inside the test's own timeout, so a stuck step names itself. */
const STEP_MS = 15_000;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('the dashboard and the graduates’ pages in a real browser', () => {
  let engine: Engine;
  let browser: Browser;
  let coordinator: { id: string; email: string; password: string };
  const noon = () => zoneWhereLocalHourIs(12);
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`No dashboard build in ${WEB_DIST}: run \`npx nx build web\` (npm test does it first)`);
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does it)`);
    engine = await startEngine({ env: { WEB_DIST_DIR: WEB_DIST } });
    const password = 'a long enough password 1';
    const created = await engine.http().post('/staff').set('authorization', engine.auth).send({ email: `casey-${Date.now()}@example.test`, displayName: 'Casey Browser', role: 'coordinator', password }).expect(201);
    coordinator = { id: created.body.id, email: created.body.email, password };
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  /** A graduate of this coordinator's caseload with the given consents, named so the test can find them. */
  const graduate = async (firstName: string, consents: { channel: 'sms' | 'email'; purpose: string }[]) => {
    const http = engine.http;
    const created = await http()
      .post('/graduates')
      .set('authorization', engine.auth)
      .send({ firstName, lastName: 'Okafor', timezone: noon(), phone: uniquePhone(), dischargeDate: today() })
      .expect(201);
    for (const consent of consents) {
      await http().post(`/graduates/${created.body.id}/consents`).set('authorization', engine.auth).send({ ...consent, method: 'verbal', shownText: 'We will text you now and then. Reply STOP to end.' }).expect(201);
    }
    await http().put(`/graduates/${created.body.id}/coordinator`).set('authorization', engine.auth).send({ coordinatorId: coordinator.id }).expect(200);
    return { id: created.body.id as string, phone: created.body.phone as string, firstName };
  };

  const signedIn = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    await page.goto(`${engine.base}/app/`);
    await page.getByLabel('Email').fill(coordinator.email);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    return { context, page };
  };

  /** A phone's browser: 360 px wide and, to prove the pages need none, no JavaScript. */
  const phone = async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false, isMobile: true });
    context.setDefaultTimeout(STEP_MS);
    return context;
  };
  // Browser-side code goes as strings: the test project compiles without the DOM's types.
  const fitsWidth = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

  interface AxeResult {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  }
  /** axe-core's serious and critical findings on the page as it stands. */
  const accessibilityProblems = async (page: Page): Promise<string[]> => {
    await page.evaluate(AXE);
    const result = await page.evaluate<AxeResult>(`axe.run(document, { resultTypes: ['violations'] })`);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  /**
   * The same check for a graduate's page. axe needs timers, which a page without JavaScript does
   * not run, so it looks at the page at the same width in a context that has them (the page has no
   * script of its own either way; opening it does not use the link).
   */
  const accessibilityProblemsAt = async (url: string): Promise<string[]> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
    context.setDefaultTimeout(STEP_MS);
    try {
      const page = await context.newPage();
      await page.goto(url);
      return await accessibilityProblems(page);
    } finally {
      await context.close();
    }
  };

  it('serves the built dashboard under /app: deep links get the app shell, and the first load is under 300 KB of gzipped JavaScript', async () => {
    const shell = await engine.http().get('/app/graduates/00000000-0000-4000-8000-000000000000').expect(200);
    expect(shell.headers['content-type']).toMatch(/text\/html/);
    expect(shell.text).toContain('<div id="root">');
    await engine.http().get('/').expect(302).expect('location', '/app/');
    await engine.http().get('/app/assets/missing.js').expect(404);

    const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(WEB_DIST, file))).length, 0);
    expect(gzipped).toBeLessThan(300 * 1024);
  });

  it('signs a coordinator in with the organisation and role shown, and out again; a wrong password is said plainly', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(STEP_MS);
    const page = await context.newPage();
    await page.goto(`${engine.base}/app/`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Email').fill(coordinator.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/wrong email or password|invalid/i);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    const header = await page.getByRole('banner').textContent();
    expect(header).toContain('Casey Browser');
    expect(header).toContain('(coordinator)');
    const organisation = (await engine.dataSource.query(`SELECT name FROM organisation WHERE id = $1`, [engine.staff.organisationId]))[0].name as string;
    expect(header).toContain(organisation);
    // A reload resumes the session from this tab's storage.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('finds a graduate by name, opens their page with only an opaque id in the URL, and revokes a consent', async () => {
    const jordan = await graduate('Jordanna', [
      { channel: 'sms', purpose: 'check_ins' },
      { channel: 'sms', purpose: 'meeting_invites' },
    ]);
    const { context, page } = await signedIn();
    await page.getByRole('link', { name: 'Graduates' }).click();
    await page.getByLabel('Name or external id').fill('Jordanna');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Jordanna Okafor' }).click();
    await page.getByRole('heading', { level: 1, name: /Jordanna Okafor/ }).waitFor();
    expect(page.url()).toBe(`${engine.base}/app/graduates/${jordan.id}`);
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel('How a revocation was given').selectOption('written');
    await page.getByRole('button', { name: 'Revoke Graduate SMS Meeting invitations' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Revoked' }).textContent()).resolves.toContain('Meeting invitations');
    const consents = await engine.http().get(`/graduates/${jordan.id}/consents`).set('authorization', engine.auth).expect(200);
    const state = (purpose: string) => consents.body.current.find((c: { purpose: string; channel: string }) => c.purpose === purpose && c.channel === 'sms');
    expect(state('meeting_invites')).toMatchObject({ active: false, decision: 'revoked', method: 'written' });
    expect(state('check_ins')).toMatchObject({ active: true });
    // The page shows the new state, and the check-in consent still has its button.
    await page.getByRole('button', { name: 'Revoke Graduate SMS Check-ins' }).waitFor();
    await expect(page.getByRole('button', { name: 'Revoke Graduate SMS Meeting invitations' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('lets a graduate answer a check-in on a 360 px phone without JavaScript; the escalation appears on Today and is acknowledged', async () => {
    const sam = await graduate('Samaria', [{ channel: 'sms', purpose: 'check_ins' }]);
    const plan = await engine.http().post('/check-in-plans').set('authorization', engine.auth).send({ name: `browser ${Date.now()}`, offsets: ['PT1S', 'PT1H'], localTime: '10:00', nudgeAfter: null, missedAfter: 'PT1H' }).expect(201);
    await engine.http().post('/check-in-enrolments').set('authorization', engine.auth).send({ planId: plan.body.id, graduateIds: [sam.id] }).expect(200);
    await expectEventually(async () => expect(engine.texts(sam.phone)).toHaveLength(1), { timeoutMs: 15_000 });
    const link = /https?:\/\/\S+\/c\/[A-Za-z0-9_-]{43}/.exec(engine.texts(sam.phone)[0].body)?.[0] as string;
    expect(link).toBeDefined();

    const mobile = await phone();
    const form = await mobile.newPage();
    await form.goto(link);
    expect(await fitsWidth(form)).toBe(true);
    expect(await accessibilityProblemsAt(link)).toEqual([]);
    await form.getByLabel('1 ·').check();
    await form.locator('#craving-9').check();
    await form.locator('#used-yes').check();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.locator('body').textContent()).resolves.toContain('988');
    expect(await fitsWidth(form)).toBe(true);
    // The link was single-use: opening it again says so.
    const again = await form.goto(link);
    expect(again?.status()).toBe(410);
    await expect(form.locator('body').textContent()).resolves.toMatch(/already been answered/i);
    await mobile.close();

    const { context, page } = await signedIn();
    const alert = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Samaria' }) });
    await alert.getByText('Urgent').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expectEventually(async () => {
      const alerts = await engine.http().get(`/alerts?graduateId=${sam.id}`).set('authorization', engine.auth).expect(200);
      expect(alerts.body.items.map((a: { kind: string; status: string }) => [a.kind, a.status])).toContainEqual(['escalation', 'acknowledged']);
    });
    await alert.getByText('acknowledged').waitFor();
    await context.close();
  });

  it('lets a graduate RSVP from the invitation link; the coordinator sees it on the roster and marks attendance', async () => {
    const lee = await graduate('Leonie', [{ channel: 'sms', purpose: 'meeting_invites' }]);
    // Within the hour before it starts, so attendance can be marked (and invitations still go).
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const series = await engine
      .http()
      .post('/meeting-series')
      .set('authorization', engine.auth)
      .send({ title: 'Browser alumni circle', startsLocal: startsAt.toISOString().slice(0, 16), timezone: 'UTC', durationMinutes: 60, location: 'Community room', capacity: 12, audience: { type: 'list', graduateIds: [lee.id] } })
      .expect(201);
    const occurrences = await engine
      .http()
      .get(`/meeting-occurrences?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}&seriesId=${series.body.id}`)
      .set('authorization', engine.auth)
      .expect(200);
    const occurrenceId = occurrences.body[0].id as string;
    await engine.http().post(`/meeting-occurrences/${occurrenceId}/invitations`).set('authorization', engine.auth).expect(200);
    await expectEventually(async () => expect(engine.texts(lee.phone)).toHaveLength(1), { timeoutMs: 15_000 });
    const link = /https?:\/\/\S+\/r\/[A-Za-z0-9_-]{43}/.exec(engine.texts(lee.phone)[0].body)?.[0] as string;

    const mobile = await phone();
    const invitation = await mobile.newPage();
    await invitation.goto(link);
    expect(await fitsWidth(invitation)).toBe(true);
    expect(await accessibilityProblemsAt(link)).toEqual([]);
    await expect(invitation.locator('body').textContent()).resolves.toContain('Not answered yet');
    await invitation.getByRole('button', { name: 'I will be there' }).click();
    await expect(invitation.locator('body').textContent()).resolves.toContain('Yes, I will be there');
    await mobile.close();

    const { context, page } = await signedIn();
    await page.goto(`${engine.base}/app/meetings/${occurrenceId}`);
    const row = page.getByRole('row').filter({ hasText: 'Leonie' });
    await row.filter({ hasText: /yes/i }).first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel(/Leonie/).first().selectOption({ label: 'Attended' });
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await page.getByRole('status').filter({ hasText: 'Attendance saved' }).waitFor();
    const roster = await engine.http().get(`/meeting-occurrences/${occurrenceId}/roster`).set('authorization', engine.auth).expect(200);
    expect(roster.body).toEqual([expect.objectContaining({ graduateId: lee.id, rsvp: 'yes', attendance: 'attended' })]);
    await context.close();
  });

  it('schedules a family session where only contacts with consent for session notices can be chosen, and shows each notice', async () => {
    const fidelia = await graduate('Fidelia', [{ channel: 'sms', purpose: 'family_session_notices' }]);
    const contact = async (name: string) =>
      (await engine.http().post(`/graduates/${fidelia.id}/contacts`).set('authorization', engine.auth).send({ name, relationship: 'parent', phone: uniquePhone(), timezone: noon() }).expect(201)).body as { id: string };
    const maria = await contact('Maria Consentida');
    const jordan = await contact('Jordan Sinconsent');
    await engine
      .http()
      .post(`/graduates/${fidelia.id}/consents`)
      .set('authorization', engine.auth)
      .send({ contactId: maria.id, channel: 'sms', purpose: 'family_session_notices', method: 'form', shownText: 'Session dates and times.', description: 'Dates and times of family sessions', expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() })
      .expect(201);

    const { context, page } = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Family sessions' }).click();
    await page.getByLabel('Graduate’s name or external id').fill('Fidelia');
    await page.getByRole('button', { name: 'Find graduate' }).click();
    await page.getByLabel('Graduate', { exact: true }).selectOption({ label: 'Fidelia Okafor' });
    await page.getByLabel(/Maria Consentida/).waitFor();
    expect(await page.getByLabel(/Maria Consentida/).isDisabled()).toBe(false);
    expect(await page.getByLabel(/Jordan Sinconsent/).isDisabled()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    // Without a contact chosen there is nothing to schedule.
    expect(await page.getByRole('button', { name: 'Schedule session' }).isDisabled()).toBe(true);
    await page.getByLabel(/Maria Consentida/).check();
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^Starts/).fill(`${inThreeDays}T12:00`);
    await page.getByLabel('Place (shown in messages)').fill('Room 2');
    await page.getByRole('button', { name: 'Schedule session' }).click();
    await page.getByRole('status').filter({ hasText: 'Session scheduled for Fidelia' }).waitFor();
    const sessions = await engine.http().get(`/graduates/${fidelia.id}/family-sessions`).set('authorization', engine.auth).expect(200);
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0].participants.map((p: { contactId: string }) => p.contactId)).toEqual([maria.id]);
    expect(sessions.body[0].participants.map((p: { contactId: string }) => p.contactId)).not.toContain(jordan.id);
    // The list shows the session with the contact and where their notice stands.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Fidelia' }) });
    await expect(row.textContent()).resolves.toMatch(/Maria Consentida.*Notice:/);
    await context.close();
  });

  it('shows a template’s English and Spanish wording side by side and previews a draft through the API’s own checks, without saving it for a coordinator', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('tab', { name: 'Templates' }).click();
    await page.getByLabel('Message', { exact: true }).selectOption('check_in.prompt');
    await page.getByLabel('Wording (Spanish)').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Wording (English)').fill('Hi {{firstName}}, how is rehab going? {{link}}');
    await page.getByRole('button', { name: 'Preview English' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/body.*rehab/i);
    await page.getByLabel('Wording (English)').fill('Hi {{firstName}}, a quick question for you. {{link}}');
    await page.getByRole('button', { name: 'Preview English' }).click();
    // The preview box holds the default's preview until the answer arrives: wait for the new one.
    const preview = page.getByLabel('Preview (English)').filter({ hasText: 'a quick question' });
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toMatch(/^Hi Alexandra, a quick question for you\. https?:\/\//);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    // Only an admin saves; the coordinator's preview left the organisation's wording as it was.
    await expect(page.getByRole('button', { name: 'Save English' }).count()).resolves.toBe(0);
    const templates = await engine.http().get('/templates').set('authorization', engine.auth).expect(200);
    const prompt = templates.body.find((t: { kind: string; channel: string; language: string }) => t.kind === 'check_in.prompt' && t.channel === 'sms' && t.language === 'en');
    expect(prompt).toMatchObject({ isDefault: true });
    await context.close();
  });

  it('opens the reports with their charts and downloads a CSV', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByRole('img', { name: /rates/i }).first().waitFor();
    await page.getByRole('img', { name: /retention/i }).first().waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /rates.*CSV|CSV.*rates/i }).first().click()]);
    const path = await download.path();
    expect(readFileSync(path, 'utf8').split('\n')[0]).toMatch(/^group,/);
    // Every other screen renders without an accessibility finding either.
    for (const [link, heading] of [
      ['Meetings', 'Meetings'],
      ['Family sessions', 'Family sessions'],
      ['Messages', 'Messages'],
      ['Graduates', 'Graduates'],
    ]) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ screen: heading, problems: await accessibilityProblems(page) }).toEqual({ screen: heading, problems: [] });
    }
    await context.close();
  });
});
