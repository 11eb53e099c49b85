import fc from 'fast-check';
import { ZonedCalendar, isIanaTimeZone, isTimeZone, timeOfDayMs } from './zoned-calendar';

const dayOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
const ZONES = Intl.supportedValuesOf('timeZone');

describe('ZonedCalendar', () => {
  it('reads the local day and time of an instant', () => {
    expect(new ZonedCalendar('Asia/Shanghai').local(Date.parse('2026-11-25T23:30:00Z'))).toEqual({ day: dayOf('2026-11-26'), msOfDay: timeOfDayMs('07:30') });
    expect(new ZonedCalendar('America/New_York').local(Date.parse('2026-11-25T02:30:00.250Z'))).toEqual({
      day: dayOf('2026-11-24'),
      msOfDay: timeOfDayMs('21:30') + 250,
    });
  });

  it('places an ordinary local time at one instant', () => {
    expect(new ZonedCalendar('Europe/London').instantsAt(dayOf('2026-07-01'), timeOfDayMs('08:00'))).toEqual([Date.parse('2026-07-01T07:00:00Z')]);
  });

  it('places a time in the repeated hour at both instants, earliest first', () => {
    expect(new ZonedCalendar('America/New_York').instantsAt(dayOf('2026-11-01'), timeOfDayMs('01:30'))).toEqual([
      Date.parse('2026-11-01T05:30:00Z'),
      Date.parse('2026-11-01T06:30:00Z'),
    ]);
    expect(new ZonedCalendar('America/Santiago').instantsAt(dayOf('2026-04-04'), timeOfDayMs('23:15'))).toEqual([
      Date.parse('2026-04-05T02:15:00Z'),
      Date.parse('2026-04-05T03:15:00Z'),
    ]);
  });

  it('places a time in the skipped hour at the moment the clocks jump', () => {
    expect(new ZonedCalendar('America/New_York').instantsAt(dayOf('2026-03-08'), timeOfDayMs('02:30'))).toEqual([Date.parse('2026-03-08T07:00:00Z')]);
    // Midnight itself is skipped in Havana and Santiago; a 30-minute jump on Lord Howe Island.
    expect(new ZonedCalendar('America/Havana').instantsAt(dayOf('2026-03-08'), 0)).toEqual([Date.parse('2026-03-08T05:00:00Z')]);
    expect(new ZonedCalendar('America/Santiago').instantsAt(dayOf('2026-09-06'), 0)).toEqual([Date.parse('2026-09-06T04:00:00Z')]);
    expect(new ZonedCalendar('Australia/Lord_Howe').instantsAt(dayOf('2026-10-04'), timeOfDayMs('02:15'))).toEqual([Date.parse('2026-10-03T15:30:00Z')]);
  });

  it('knows IANA zones and nothing else', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => new ZonedCalendar('EST5EDT6')).toThrow(RangeError);
  });

  it('round-trips: every instant is among the instants of its own local time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.parse('1995-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
        (zone, instant) => {
          const calendar = new ZonedCalendar(zone);
          const { day, msOfDay } = calendar.local(instant);
          expect(calendar.instantsAt(day, msOfDay)).toContain(instant);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every local time maps to instants showing that time, or in a gap to the first instant past it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: dayOf('1995-01-01'), max: dayOf('2040-01-01') }),
        fc.integer({ min: 0, max: 86_399_999 }),
        (zone, day, msOfDay) => {
          const calendar = new ZonedCalendar(zone);
          const wall = day * 86_400_000 + msOfDay;
          const instants = calendar.instantsAt(day, msOfDay);
          expect(instants.length).toBeGreaterThan(0);
          for (const u of instants) {
            if (calendar.wallOf(u) !== wall) {
              expect(instants).toHaveLength(1);
              expect(calendar.wallOf(u)).toBeGreaterThan(wall);
              expect(calendar.wallOf(u - 1)).toBeLessThan(wall);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isIanaTimeZone', () => {
  it('accepts Area/Location zones and UTC, refuses abbreviations and offsets', () => {
    expect(['Asia/Shanghai', 'America/Argentina/ComodRivadavia', 'Europe/London', 'UTC'].map(isIanaTimeZone)).toEqual([true, true, true, true]);
    expect(['EST', 'GMT+8', '+08:00', 'Asia/Nowhere'].map(isIanaTimeZone)).toEqual([false, false, false, false]);
  });

  it('refuses a name longer than any zone without looking it up', () => {
    expect(isIanaTimeZone(`Asia/${'x'.repeat(100_000)}`)).toBe(false);
  });
});
