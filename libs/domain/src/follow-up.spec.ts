import { followUpRate, followUpStatus, followUpWindow } from './follow-up';

describe('follow-up window', () => {
  it('opens 5 months and closes 8 months after intake, by calendar month', () => {
    expect(followUpWindow('2026-01-31')).toEqual({ opens: '2026-06-30', closes: '2026-09-29' });
    expect(followUpWindow('2026-03-15')).toEqual({ opens: '2026-08-15', closes: '2026-11-14' });
  });

  it('is not due, open, reached or missed', () => {
    const w = followUpWindow('2026-03-15');
    expect(followUpStatus(w, null, '2026-08-14')).toBe('not_due');
    expect(followUpStatus(w, null, '2026-08-15')).toBe('open');
    expect(followUpStatus(w, null, '2026-11-14')).toBe('open');
    expect(followUpStatus(w, null, '2026-11-15')).toBe('missed');
    expect(followUpStatus(w, new Date('2026-09-01T10:00:00Z'), '2026-12-01')).toBe('reached');
  });

  it('rates reached over settled windows', () => {
    expect(followUpRate({ not_due: 5, open: 3, reached: 4, missed: 1 })).toBe(0.8);
    expect(followUpRate({ not_due: 5, open: 3, reached: 0, missed: 0 })).toBeNull();
  });
});
