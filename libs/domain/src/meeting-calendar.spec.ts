import * as ical from 'node-ical';
import { DomainError } from './domain-error';
import { calendarInvite, type CalendarInvite } from './meeting-calendar';

const invite: CalendarInvite = {
  method: 'REQUEST',
  uid: 'occ-7f3a@continuum.test',
  sequence: 2,
  startsAt: new Date('2027-03-18T22:30:00Z'),
  endsAt: new Date('2027-03-18T23:30:00Z'),
  timezone: 'America/New_York',
  summary: 'Thursday evening group',
  location: 'Community room B',
  url: 'https://meet.example.org/j/123',
  description: 'Doors open at 6:15.',
  organizer: { name: 'Alumni team', email: 'alumni@example.org' },
  attendee: { name: 'Ana Ruiz', email: 'ana@example.org' },
  stamp: new Date('2027-03-01T12:00:00Z'),
};

/** The one event in the file, read back with a real parser, and the calendar's METHOD. */
function parse(text: string): { method: string | undefined; event: ical.VEvent } {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { method: parsed.vcalendar?.method, event: events[0] };
}

/** ATTENDEE values as node-ical gives them (one, or an array when there are several), with their parameters. */
function attendees(event: ical.VEvent): { val: string; params: Record<string, unknown> }[] {
  const raw = event.attendee === undefined ? [] : Array.isArray(event.attendee) ? event.attendee : [event.attendee];
  return raw.map((a) => (typeof a === 'string' ? { val: a, params: {} } : a));
}

/** A text value without its parameters. */
const text = (value: ical.ParameterValue | undefined) => (typeof value === 'object' ? value.val : value);

describe('calendarInvite', () => {
  it('writes a request that a calendar parser reads back', () => {
    const ics = calendarInvite(invite);
    const { method, event } = parse(ics);
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe('occ-7f3a@continuum.test');
    expect(Number(event.sequence)).toBe(2);
    expect(event.start?.toISOString()).toBe('2027-03-18T22:30:00.000Z');
    expect(event.end?.toISOString()).toBe('2027-03-18T23:30:00.000Z');
    expect(event.dtstamp?.toISOString()).toBe('2027-03-01T12:00:00.000Z');
    expect(event.status).toBe('CONFIRMED');
    expect(text(event.summary)).toBe('Thursday evening group');
    expect(text(event.location)).toBe('Community room B');
    expect(text(event.description)).toBe('Doors open at 6:15.');
    expect(JSON.stringify(event.url)).toContain('https://meet.example.org/j/123');
    expect(JSON.stringify(event.organizer)).toContain('mailto:alumni@example.org');
    expect(ics).toMatch(/^METHOD:REQUEST\r?$/m);
  });

  it('invites exactly one person, the recipient, and asks them to answer', () => {
    const ics = calendarInvite(invite);
    const [only, ...others] = attendees(parse(ics).event);
    expect(others).toEqual([]);
    expect(only.val.toLowerCase()).toBe('mailto:ana@example.org');
    expect(only.params).toMatchObject({ CN: 'Ana Ruiz', PARTSTAT: 'NEEDS-ACTION' });
    expect(String(only.params['RSVP']).toUpperCase()).toBe('TRUE');
    expect(ics.replace(/\r?\n[ \t]/g, '').match(/^ATTENDEE/gm)).toHaveLength(1);
  });

  it('writes a cancellation with the same UID, a higher sequence and no reply request', () => {
    const ics = calendarInvite({ ...invite, method: 'CANCEL', sequence: 3 });
    const { method, event } = parse(ics);
    expect(method).toBe('CANCEL');
    expect(event.uid).toBe(invite.uid);
    expect(Number(event.sequence)).toBe(3);
    expect(event.status).toBe('CANCELLED');
    const [only, ...others] = attendees(event);
    expect(others).toEqual([]);
    expect(only.val.toLowerCase()).toBe('mailto:ana@example.org');
    expect(only.params['RSVP']).toBeUndefined();
  });

  it('escapes commas, semicolons, backslashes and line breaks so they read back unchanged', () => {
    const awkward = {
      summary: 'Group, part 2; bring a friend',
      location: 'Hall A; 2nd floor, 10 Main St\nSide door',
      description: 'Line one,\nline two; with \\ a backslash\r\nand a third',
    };
    const { event } = parse(calendarInvite({ ...invite, ...awkward }));
    expect(text(event.summary)).toBe(awkward.summary);
    expect(text(event.location)).toBe(awkward.location);
    expect(String(text(event.description)).replace(/\r\n/g, '\n')).toBe(awkward.description.replace(/\r\n/g, '\n'));
  });

  it('keeps a name with a line break or quotes to one attendee', () => {
    const ics = calendarInvite({ ...invite, attendee: { name: 'Ana\nATTENDEE:mailto:eve@example.org "R"', email: 'ana@example.org' } });
    const [only, ...others] = attendees(parse(ics).event);
    expect(others).toEqual([]);
    expect(only.val.toLowerCase()).toBe('mailto:ana@example.org');
    expect(ics.replace(/\r?\n[ \t]/g, '').match(/^ATTENDEE/gm)).toHaveLength(1);
  });

  it('leaves out the location, link and description when there are none', () => {
    const ics = calendarInvite({ ...invite, location: null, url: null, description: null });
    expect(ics).not.toMatch(/^(LOCATION|URL|DESCRIPTION)/m);
    expect(text(parse(ics).event.summary)).toBe(invite.summary);
  });

  it.each([
    [{ attendee: { name: 'Ana', email: 'ana@example.org\r\nATTENDEE:mailto:eve@example.org' } }, 'attendee.email'],
    [{ organizer: { name: 'Team', email: 'not an address' } }, 'organizer.email'],
    [{ url: 'javascript:alert(1)' }, 'url'],
    [{ endsAt: invite.startsAt }, 'endsAt'],
    [{ sequence: -1 }, 'sequence'],
    [{ uid: 'has space@host' }, 'uid'],
  ] as [Partial<CalendarInvite>, string][])('refuses %j', (change, field) => {
    const attempt = () => {
      try {
        calendarInvite({ ...invite, ...change });
        return null;
      } catch (error) {
        return error instanceof DomainError ? error.details.map((d) => d.field) : error;
      }
    };
    expect(attempt()).toEqual([field]);
  });
});
