import fc from 'fast-check';
import { DEADLINE_RULES, acknowledgementDeadlineFor, checkExtension, deadlineFor } from './complaint-deadlines';
import { addDays, endOfLocalDay, localDate, startOfLocalDay, JURISDICTIONS } from '@clearpath/contracts';

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
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom(15, 30, 56, 60),
        (t, zone, days) => {
          const d = deadlineFor(new Date(t), zone, days);
          expect(localDate(d.deadlineAt, zone)).toBe(d.localDate);
          expect(localDate(new Date(d.deadlineAt.getTime() + 1), zone)).not.toBe(d.localDate);
          expect(d.deadlineAt.getTime()).toBe(endOfLocalDay(d.localDate, zone).getTime());
          expect(d.reminderAt.getTime()).toBeLessThan(d.deadlineAt.getTime());
          expect(localDate(startOfLocalDay(d.localDate, zone), zone)).toBe(d.localDate);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a complaint received three days earlier has its final deadline three days earlier', () => {
    const logged = new Date('2026-12-04T02:00:00Z');
    const received = new Date(logged.getTime() - 3 * 86_400_000);
    const atLogging = deadlineFor(logged, 'Asia/Shanghai', 15);
    const atReceipt = deadlineFor(received, 'Asia/Shanghai', 15);
    expect([atReceipt.localDate, atLogging.localDate]).toEqual(['2026-12-16', '2026-12-19']);
    expect(atLogging.deadlineAt.getTime() - atReceipt.deadlineAt.getTime()).toBe(3 * 86_400_000);
  });
});

describe('acknowledgement deadline: the end of the next local day after receipt', () => {
  it('is one day for every jurisdiction (platform default)', () => {
    expect([DEADLINE_RULES.CN.acknowledgeDays, DEADLINE_RULES.US.acknowledgeDays, DEADLINE_RULES.GB.acknowledgeDays]).toEqual([1, 1, 1]);
  });

  it('CN: the next day’s end in Shanghai, reminded as that day begins', () => {
    // 2026-12-01 10:00 Shanghai → 2026-12-02 23:59:59.999 Shanghai (UTC+8).
    const d = acknowledgementDeadlineFor(new Date('2026-12-01T02:00:00Z'), 'Asia/Shanghai', 'CN');
    expect(d.localDate).toBe('2026-12-02');
    expect(iso(d.deadlineAt)).toBe('2026-12-02T15:59:59.999Z');
    expect(iso(d.reminderAt)).toBe('2026-12-01T16:00:00.000Z');
    // 23:30 on New Year's Eve in Shanghai is 15:30 UTC: the next local day is 1 January.
    expect(iso(acknowledgementDeadlineFor(new Date('2026-12-31T15:30:00Z'), 'Asia/Shanghai', 'CN').deadlineAt)).toBe('2027-01-01T15:59:59.999Z');
    // 20:00 UTC on 31 January is already 1 February in Shanghai: the next day is 2 February.
    expect(acknowledgementDeadlineFor(new Date('2026-01-31T20:00:00Z'), 'Asia/Shanghai', 'CN').localDate).toBe('2026-02-02');
  });

  it('US: across the autumn DST change the next day is 25 hours long and ends at midnight EST', () => {
    // Saturday 31 Oct 2026 11:00 EDT; clocks go back at 02:00 on Sunday 1 Nov.
    const d = acknowledgementDeadlineFor(new Date('2026-10-31T15:00:00Z'), 'America/New_York', 'US');
    expect(d.localDate).toBe('2026-11-01');
    expect(iso(d.reminderAt)).toBe('2026-11-01T04:00:00.000Z'); // 00:00 EDT
    expect(iso(d.deadlineAt)).toBe('2026-11-02T04:59:59.999Z'); // 23:59:59.999 EST
    expect(d.deadlineAt.getTime() + 1 - d.reminderAt.getTime()).toBe(25 * 3_600_000);
    // 23:30 EDT on 31 Oct is already 1 Nov in UTC; it still counts from 31 Oct.
    expect(acknowledgementDeadlineFor(new Date('2026-11-01T03:30:00Z'), 'America/New_York', 'US').localDate).toBe('2026-11-01');
  });

  it('US: across the spring DST change the next day is 23 hours long and ends at midnight EDT', () => {
    // Saturday 7 Mar 2026 12:00 EST; clocks go forward at 02:00 on Sunday 8 Mar.
    const d = acknowledgementDeadlineFor(new Date('2026-03-07T17:00:00Z'), 'America/New_York', 'US');
    expect(d.localDate).toBe('2026-03-08');
    expect(iso(d.reminderAt)).toBe('2026-03-08T05:00:00.000Z'); // 00:00 EST
    expect(iso(d.deadlineAt)).toBe('2026-03-09T03:59:59.999Z'); // 23:59:59.999 EDT
    expect(d.deadlineAt.getTime() + 1 - d.reminderAt.getTime()).toBe(23 * 3_600_000);
  });

  it('GB: midnight GMT in winter, midnight BST once the clocks have gone forward', () => {
    const winter = acknowledgementDeadlineFor(new Date('2026-12-01T10:00:00Z'), 'Europe/London', 'GB');
    expect([winter.localDate, iso(winter.reminderAt), iso(winter.deadlineAt)]).toEqual(['2026-12-02', '2026-12-02T00:00:00.000Z', '2026-12-02T23:59:59.999Z']);
    // Received Saturday 28 Mar 2026; BST starts at 01:00 GMT on Sunday 29 Mar.
    const spring = acknowledgementDeadlineFor(new Date('2026-03-28T12:00:00Z'), 'Europe/London', 'GB');
    expect([spring.localDate, iso(spring.reminderAt), iso(spring.deadlineAt)]).toEqual(['2026-03-29', '2026-03-29T00:00:00.000Z', '2026-03-29T22:59:59.999Z']);
  });

  it('for any instant and zone: due at the end of the next local day, reminded at its start, after receipt', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'America/Los_Angeles', 'America/Santiago', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom(...zones),
        fc.constantFrom(...JURISDICTIONS),
        (t, zone, jurisdiction) => {
          const received = new Date(t);
          const d = acknowledgementDeadlineFor(received, zone, jurisdiction);
          expect(d.localDate).toBe(addDays(localDate(received, zone), 1));
          expect(localDate(d.deadlineAt, zone)).toBe(d.localDate);
          expect(localDate(new Date(d.deadlineAt.getTime() + 1), zone)).toBe(addDays(d.localDate, 1));
          expect(d.reminderAt.getTime()).toBe(startOfLocalDay(d.localDate, zone).getTime());
          // The reminder is never before the complaint came in, and the staff always have at least
          // one whole local day (23 hours when the clocks go forward).
          expect(d.reminderAt.getTime()).toBeGreaterThan(t);
          expect(d.deadlineAt.getTime() - t).toBeGreaterThanOrEqual(23 * 3_600_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});
