import { cohortOf, graduateProblems } from './graduate-rules';

describe('graduateProblems', () => {
  it('refuses a discharge before the admission', () => {
    expect(graduateProblems({ admissionDate: '2026-03-01', dischargeDate: '2026-02-01' })).toEqual([
      { field: 'dischargeDate', reason: 'must not be before admissionDate' },
    ]);
    expect(graduateProblems({ admissionDate: '2026-03-01', dischargeDate: '2026-03-01' })).toEqual([]);
  });

  it('needs the address a preferred channel uses', () => {
    expect(graduateProblems({ preferredChannels: ['sms', 'email'], phone: '+12133734253' })).toEqual([
      { field: 'preferredChannels', reason: 'email needs an email address' },
    ]);
  });

  it('needs both ends of the contact hours, and different ones', () => {
    expect(graduateProblems({ contactHoursStart: '09:00' })).toHaveLength(1);
    expect(graduateProblems({ contactHoursStart: '09:00', contactHoursEnd: '09:00' })).toHaveLength(1);
    expect(graduateProblems({ contactHoursStart: '18:00', contactHoursEnd: '09:00' })).toEqual([]);
  });

  it('puts a graduate in the cohort of their discharge month', () => {
    expect(cohortOf('2026-03-17')).toBe('2026-03');
    expect(cohortOf(null)).toBeNull();
  });
});
