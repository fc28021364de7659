import { contactFieldProblems, graduateFieldProblem, graduateFieldProblems, isEmailAddress } from './graduate-fields';

describe('graduate field rules', () => {
  it.each([
    ['firstName', '', 'must not be empty'],
    ['firstName', '   ', 'must not be empty'],
    ['firstName', 'x'.repeat(101), 'must be shorter than or equal to 100 characters'],
    ['firstName', 7, 'must be a string'],
    ['firstName', null, 'is required'],
    ['timezone', undefined, 'is required'],
    ['timezone', 'EST', 'must be an IANA timezone such as America/Chicago'],
    ['programId', 'not-a-uuid', 'must be a UUID'],
    ['admissionDate', '2026-02-30', 'must be a date written YYYY-MM-DD'],
    ['phone', '555-CALL-NOW', 'must contain only digits, spaces, "+", "-", "(", ")" or "."'],
    ['phone', '+1 111 111 1111', 'is not a valid phone number for its country'],
    ['email', 'not-an-email', 'must be an email address'],
    ['preferredChannels', ['fax'], 'each must be one of sms, email'],
    ['preferredChannels', 'sms', 'must be an array'],
    ['preferredChannels', ['sms', 'email', 'sms'], 'must contain no more than 2 elements'],
    ['contactHoursStart', '25:00', 'must be a time written HH:MM (24-hour)'],
    ['language', 'fr', 'must be one of en, es'],
    ['status', 'sober', 'must be one of active, paused, completed, withdrawn'],
    ['notes', 'x'.repeat(2001), 'must be shorter than or equal to 2000 characters'],
  ] as const)('refuses a bad %s (case %#)', (field, value, reason) => {
    expect(graduateFieldProblem(field, value)).toBe(reason);
  });

  it('lets optional fields be null or absent, and accepts good values', () => {
    expect(
      graduateFieldProblems({
        firstName: 'Jordan',
        lastName: 'Rivera',
        timezone: 'America/Chicago',
        programId: '6f1d3c1e-8a7b-4c1d-9e2f-0a1b2c3d4e5f',
        phone: '(213) 373-4253',
        email: 'jordan.rivera@example.org',
        preferredChannels: ['sms', 'email'],
        notes: null,
      }),
    ).toEqual([]);
  });

  it('names every broken field, in field order', () => {
    expect(graduateFieldProblems({ firstName: '', timezone: 'EST', status: 'x' })).toEqual([
      { field: 'firstName', reason: 'must not be empty' },
      { field: 'lastName', reason: 'is required' },
      { field: 'timezone', reason: 'must be an IANA timezone such as America/Chicago' },
      { field: 'status', reason: 'must be one of active, paused, completed, withdrawn' },
    ]);
  });

  it.each([
    [true, 'a@example.org'],
    [true, 'first.last+tag@sub.example.co.uk'],
    [true, 'josé@example.org'],
    [true, 'a@xn--bcher-kva.example'],
    [false, 'no-at-sign'],
    [false, '@example.org'],
    [false, 'a@localhost'],
    [false, 'a@example.c'],
    [false, 'a..b@example.org'],
    [false, 'a@-example.org'],
    [false, 'a b@example.org'],
    [false, `${'x'.repeat(65)}@example.org`],
  ])('judges email address case %# (expects %s)', (ok, value) => {
    expect(isEmailAddress(value)).toBe(ok);
  });
});

describe('contactFieldProblems', () => {
  it('requires a name and a relationship and checks every other field it is given', () => {
    expect(contactFieldProblems({})).toEqual([
      { field: 'name', reason: 'is required' },
      { field: 'relationship', reason: 'is required' },
    ]);
    expect(contactFieldProblems({ name: ' ', relationship: 'cousin', phone: '12', email: 'nope', language: 'fr', timezone: 'EST', externalId: 'x'.repeat(101) })).toEqual([
      { field: 'externalId', reason: 'must be shorter than or equal to 100 characters' },
      { field: 'name', reason: 'must not be empty' },
      { field: 'relationship', reason: expect.stringContaining('must be one of parent, partner') },
      { field: 'phone', reason: expect.any(String) },
      { field: 'email', reason: 'must be an email address' },
      { field: 'language', reason: 'must be one of en, es' },
      { field: 'timezone', reason: 'must be an IANA timezone such as America/Chicago' },
    ]);
    expect(contactFieldProblems({ name: 'Rosa', relationship: 'parent', phone: '(213) 373-4254', language: 'es', timezone: 'America/Chicago' })).toEqual([]);
  });
});
