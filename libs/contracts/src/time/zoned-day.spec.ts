import { addDays, endOfLocalDay, localDate, startOfLocalDay } from './zoned-day';

describe('local calendar days', () => {
  it("takes today in the debtor's zone", () => {
    const instant = new Date('2026-11-30T17:30:00Z');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(instant, 'Europe/London')).toBe('2026-11-30');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-30');
  });

  it('refuses a zone it does not know, or counts in the fallback zone when one is given', () => {
    const instant = new Date('2026-11-30T17:30:00Z');
    expect(() => localDate(instant, 'Mars/Olympus_Mons')).toThrow(/unknown IANA time zone/);
    expect(localDate(instant, 'Mars/Olympus_Mons', 'UTC')).toBe('2026-11-30');
    expect(localDate(instant, 'Asia/Shanghai', 'UTC')).toBe('2026-12-01');
  });

  it('adds calendar days across month and leap-year ends, and refuses an impossible date', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    expect(() => addDays('2027-02-29', 1)).toThrow('not a calendar date YYYY-MM-DD: 2027-02-29');
    expect(() => addDays('29/02/2028', 1)).toThrow(/not a date YYYY-MM-DD/);
  });

  it('places a local day between its first and last instant', () => {
    expect(startOfLocalDay('2026-12-01', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(endOfLocalDay('2026-12-01', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });
});
