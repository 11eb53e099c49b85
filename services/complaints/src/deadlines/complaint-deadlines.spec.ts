import fc from 'fast-check';
import { DEADLINE_RULES, checkExtension, deadlineFor } from './complaint-deadlines';
import { endOfLocalDay, localDate, startOfLocalDay } from './zoned-day';

const iso = (d: Date) => d.toISOString();

describe('complaint deadlines', () => {
  it('CN: 15 calendar days, to the end of the day in Shanghai, across a month end', () => {
    // 2026-01-31 10:00 Shanghai → 2026-02-15 23:59:59.999 Shanghai (UTC+8).
    const d = deadlineFor(new Date('2026-01-31T02:00:00Z'), 'Asia/Shanghai', DEADLINE_RULES.CN.baseDays);
    expect(d.localDate).toBe('2026-02-15');
    expect(iso(d.deadlineAt)).toBe('2026-02-15T15:59:59.999Z');
    expect(iso(d.reminderAt)).toBe('2026-02-11T16:00:00.000Z');
  });

  it('counts from the debtor’s local date, not the UTC date', () => {
    // 2026-01-31 20:00 UTC is already 1 February in Shanghai.
    expect(deadlineFor(new Date('2026-01-31T20:00:00Z'), 'Asia/Shanghai', 15).localDate).toBe('2026-02-16');
    // 2026-10-20 03:00 UTC is still 19 October in New York.
    expect(deadlineFor(new Date('2026-10-20T03:00:00Z'), 'America/New_York', 15).localDate).toBe('2026-11-03');
  });

  it('crosses the year end and a leap day', () => {
    expect(deadlineFor(new Date('2026-12-20T04:00:00Z'), 'Asia/Shanghai', 15).localDate).toBe('2027-01-04');
    expect(deadlineFor(new Date('2028-02-14T04:00:00Z'), 'Asia/Shanghai', 15).localDate).toBe('2028-02-29');
    expect(deadlineFor(new Date('2027-02-14T04:00:00Z'), 'Asia/Shanghai', 15).localDate).toBe('2027-03-01');
  });

  it('US: a deadline after the autumn DST change ends at midnight EST, not EDT', () => {
    // Received 20 Oct 2026 (EDT, UTC−4); 4 Nov 2026 is after the 1 Nov change (EST, UTC−5).
    const d = deadlineFor(new Date('2026-10-20T15:00:00Z'), 'America/New_York', DEADLINE_RULES.US.baseDays);
    expect(d.localDate).toBe('2026-11-04');
    expect(iso(d.deadlineAt)).toBe('2026-11-05T04:59:59.999Z');
    // The reminder day (1 Nov) itself is the DST day: it starts at 00:00 EDT.
    expect(iso(d.reminderAt)).toBe('2026-11-01T04:00:00.000Z');
  });

  it('US: spring-forward, and the extension to 60 days', () => {
    const received = new Date('2026-02-25T17:00:00Z');
    expect(iso(deadlineFor(received, 'America/New_York', 15).deadlineAt)).toBe('2026-03-13T03:59:59.999Z');
    const extended = deadlineFor(received, 'America/New_York', 60);
    expect(extended.localDate).toBe('2026-04-26');
    expect(iso(extended.deadlineAt)).toBe('2026-04-27T03:59:59.999Z');
  });

  it('GB: 8 weeks, ending at midnight BST once the clocks have gone forward', () => {
    const d = deadlineFor(new Date('2026-02-10T12:00:00Z'), 'Europe/London', DEADLINE_RULES.GB.baseDays);
    expect(d.localDate).toBe('2026-04-07');
    expect(iso(d.deadlineAt)).toBe('2026-04-07T22:59:59.999Z');
    // and in winter time it is midnight GMT
    expect(iso(deadlineFor(new Date('2026-09-10T12:00:00Z'), 'Europe/London', 56).deadlineAt)).toBe('2026-11-05T23:59:59.999Z');
  });

  it('CN extensions: 30 by compliance, 60 only with a supervisor’s approval, never beyond', () => {
    expect(checkExtension('CN', 15, undefined, 'compliance')).toEqual({ ok: true, toDays: 30 });
    expect(checkExtension('CN', 15, 30, 'compliance')).toEqual({ ok: true, toDays: 30 });
    expect(checkExtension('CN', 30, undefined, 'compliance')).toMatchObject({ ok: false, status: 403 });
    expect(checkExtension('CN', 30, 60, 'supervisor')).toEqual({ ok: true, toDays: 60 });
    expect(checkExtension('CN', 60, undefined, 'supervisor')).toMatchObject({ ok: false, status: 409 });
    expect(checkExtension('CN', 15, 45, 'supervisor')).toMatchObject({ ok: false, status: 400, field: 'toDays' });
    const received = new Date('2026-01-31T02:00:00Z');
    expect(deadlineFor(received, 'Asia/Shanghai', 30).localDate).toBe('2026-03-02');
    expect(deadlineFor(received, 'Asia/Shanghai', 60).localDate).toBe('2026-04-01');
  });

  it('US extends to 60; GB refuses any extension', () => {
    expect(checkExtension('US', 15, undefined, 'compliance')).toEqual({ ok: true, toDays: 60 });
    expect(checkExtension('US', 60, undefined, 'supervisor')).toMatchObject({ ok: false, status: 409 });
    expect(checkExtension('GB', 56, undefined, 'supervisor')).toMatchObject({ ok: false, status: 409, reason: expect.stringContaining('ombudsman') });
  });

  it('for any instant and zone, the deadline is the last millisecond of the local deadline day', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'America/Los_Angeles', 'America/Santiago', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), fc.constantFrom(15, 30, 56, 60), (t, zone, days) => {
        const d = deadlineFor(new Date(t), zone, days);
        expect(localDate(d.deadlineAt, zone)).toBe(d.localDate);
        expect(localDate(new Date(d.deadlineAt.getTime() + 1), zone)).not.toBe(d.localDate);
        expect(d.deadlineAt.getTime()).toBe(endOfLocalDay(d.localDate, zone).getTime());
        expect(d.reminderAt.getTime()).toBeLessThan(d.deadlineAt.getTime());
        expect(localDate(startOfLocalDay(d.localDate, zone), zone)).toBe(d.localDate);
      }),
      { numRuns: 300 },
    );
  });
});
