import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { StaffFixture } from '@continuum/testing';

/** Signs a staff fixture in through the real endpoint and returns the Authorization header value. */
export async function bearerFor(app: INestApplication, staff: StaffFixture): Promise<string> {
  const res = await request(app.getHttpServer()).post('/auth/login').send({ email: staff.email, password: staff.password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${res.body.accessToken}`;
}
