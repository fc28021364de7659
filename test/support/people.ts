import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { isValidPhoneNumber } from 'libphonenumber-js';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

export interface GraduateFixture {
  id: string;
  phone: string | null;
  email: string | null;
}

let counter = 0;
/**
 * Every US area code libphonenumber accepts (about 300, each with a hundred fictional numbers),
 * but those whose 555-01xx numbers suites write by hand (202, 303, 312).
 */
const AREAS = Array.from({ length: 800 }, (_v, i) => String(200 + i)).filter(
  (area) => isValidPhoneNumber(`+1${area}5550100`) && !['202', '303', '312'].includes(area),
);
const NUMBERS = AREAS.length * 100;
const start = Math.floor(Math.random() * NUMBERS);

/**
 * A fictional number (555-01xx) no other graduate of the run has. Test files run in parallel
 * against one database, and an inbound text from a shared number goes to whichever of its people
 * comes first, so each number is claimed for the whole run: a file created exclusively in the
 * run's claims directory (made by the global setup). Each file walks the ~30,000 numbers from a
 * random start.
 */
export function uniquePhone(): string {
  for (let tried = 0; tried < NUMBERS; tried += 1) {
    const n = (start + counter * 7919) % NUMBERS;
    counter += 1;
    if (claimed(n)) return `+1${AREAS[Math.floor(n / 100)]}5550${100 + (n % 100)}`;
  }
  throw new Error('uniquePhone: every fictional number of this run is taken');
}

function claimed(n: number): boolean {
  const claims = process.env.CONTINUUM_TEST_PHONE_CLAIMS;
  if (!claims) return true;
  try {
    closeSync(openSync(join(claims, String(n)), 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** A graduate with the given consents, created through the real API. */
export async function graduateWithConsent(
  app: INestApplication,
  auth: string,
  options: {
    consents?: { channel: 'sms' | 'email'; purpose: string }[];
    timezone?: string;
    phone?: string | null;
    email?: string | null;
    contactHours?: { start: string; end: string };
    status?: string;
    dischargeDate?: string;
    language?: 'en' | 'es';
  } = {},
): Promise<GraduateFixture> {
  const http = request(app.getHttpServer());
  const phone = options.phone === undefined ? uniquePhone() : options.phone;
  const email = options.email === undefined ? `g${Date.now()}${Math.floor(Math.random() * 1e6)}@example.org` : options.email;
  const created = await http
    .post('/graduates')
    .set('authorization', auth)
    .send({
      firstName: 'Robin',
      lastName: 'Test',
      timezone: options.timezone ?? 'UTC',
      phone,
      email,
      status: options.status,
      dischargeDate: options.dischargeDate,
      language: options.language,
      ...(options.contactHours ? { contactHoursStart: options.contactHours.start, contactHoursEnd: options.contactHours.end } : {}),
    });
  if (created.status !== 201) throw new Error(`graduate not created: ${created.status} ${JSON.stringify(created.body)}`);
  for (const consent of options.consents ?? [{ channel: 'sms', purpose: 'check_ins' }]) {
    const res = await request(app.getHttpServer())
      .post(`/graduates/${created.body.id}/consents`)
      .set('authorization', auth)
      .send({ ...consent, method: 'verbal', shownText: 'We will text you now and then. Reply STOP to end.' });
    if (res.status !== 201) throw new Error(`consent not recorded: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { id: created.body.id, phone: created.body.phone, email: created.body.email };
}

/** An IANA zone (Etc/GMT±N) in which the local hour is `hour` right now. */
export function zoneWhereLocalHourIs(hour: number, now = new Date()): string {
  const offset = (hour - now.getUTCHours() + 24) % 24;
  const signed = offset > 12 ? offset - 24 : offset;
  // Etc zones invert the sign: Etc/GMT-3 is UTC+3.
  if (signed === 0) return 'UTC';
  return signed > 0 ? `Etc/GMT-${signed}` : `Etc/GMT+${-signed}`;
}
