import fc from 'fast-check';
import { timeOfDayMs, JURISDICTIONS, type Jurisdiction } from '@clearpath/contracts';
import {
  ProfileOverrideError,
  SHIPPED_PROFILES,
  loadLenderProfiles,
  parseProfileOverrides,
  tightenProfile,
  type JurisdictionProfile,
  type ProfileOverrides,
} from './jurisdiction-profiles';

function errorsOf(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProfileOverrideError) return [...e.errors];
    throw e;
  }
  throw new Error('expected a ProfileOverrideError');
}

/** b is at least as strict as a: same rules, windows no wider, caps no higher, quiet periods no shorter. */
function atLeastAsStrict(a: JurisdictionProfile, b: JurisdictionProfile): boolean {
  const windowsOk = a.windows.every((wa) => {
    const wb = b.windows.find((w) => w.ruleId === wa.ruleId);
    return (
      wb !== undefined &&
      timeOfDayMs(wb.start) >= timeOfDayMs(wa.start) &&
      timeOfDayMs(wb.end) <= timeOfDayMs(wa.end) &&
      wa.channels.every((c) => wb.channels.includes(c))
    );
  });
  const frequencyOk = a.frequency.every((fa) => {
    const fb = b.frequency.find((f) => f.key === fa.key);
    if (fa.kind === 'cap') return fb?.kind === 'cap' && fb.windowDays === fa.windowDays && fb.max <= fa.max;
    return fb?.kind === 'quiet-after' && fb.days >= fa.days;
  });
  const fieldOk = a.fieldVisit === null || (b.fieldVisit !== null && b.fieldVisit.minCollectors >= a.fieldVisit.minCollectors);
  return windowsOk && frequencyOk && fieldOk && timeOfDayMs(b.vulnerable.voiceNotBefore) >= timeOfDayMs(a.vulnerable.voiceNotBefore);
}

describe('shipped jurisdiction profiles', () => {
  it.each([
    ['CN', 'hours', '08:00', '22:00'],
    ['US', 'hours', '08:00', '21:00'],
    ['GB', 'hours', '08:00', '21:00'],
    ['CN', 'sms-hours', '09:00', '20:00'],
    ['US', 'sms-hours', '09:00', '20:00'],
    ['GB', 'sms-hours', '09:00', '20:00'],
  ] as const)('%s %s: %s to %s', (j, ruleId, start, end) => {
    expect(SHIPPED_PROFILES[j].windows.find((w) => w.ruleId === ruleId)).toMatchObject({ start, end });
  });

  it('carries the frequency rules of COMPLIANCE.md', () => {
    const caps = (j: Jurisdiction) => SHIPPED_PROFILES[j].frequency.map((f) => [f.key, f.ruleId, f.scope, f.kind === 'cap' ? f.max : f.days]);
    const channelCaps = [
      ['channel-cap-sms', 'channel-cap', 'person', 2],
      ['channel-cap-im', 'channel-cap', 'person', 2],
      ['channel-cap-email', 'channel-cap', 'person', 2],
      ['channel-cap-letter', 'channel-cap', 'person', 1],
      ['channel-cap-all', 'channel-cap', 'person', 4],
    ];
    expect(caps('CN')).toEqual([
      ['voice-conversations-per-day', 'voice-conversations-per-day', 'person', 3],
      ['dial-attempts-per-day', 'dial-attempts-per-day', 'person', 6],
      ...channelCaps,
    ]);
    expect(caps('US')).toEqual([
      ['calls-7-in-7', 'calls-7-in-7', 'debt', 7],
      ['call-after-conversation', 'call-after-conversation', 'debt', 7],
      ['calls-7-in-7-person', 'calls-7-in-7', 'person', 7],
      ...channelCaps,
    ]);
    expect(caps('GB')).toEqual([
      ['not-excessive-per-day', 'not-excessive', 'person', 3],
      ['not-excessive-per-week', 'not-excessive', 'person', 10],
      ...channelCaps,
    ]);
    for (const j of JURISDICTIONS) expect(SHIPPED_PROFILES[j].spacing).toMatchObject({ ruleId: 'spacing', minutes: 60 });
    expect(SHIPPED_PROFILES.CN.fieldVisit).toMatchObject({ ruleId: 'field-visit', minCollectors: 2, recorded: true, entryRequiresConsent: true });
  });

  it('names a source for every rule and cannot be changed in place', () => {
    for (const j of JURISDICTIONS) {
      const p = SHIPPED_PROFILES[j];
      for (const rule of [...p.windows, ...p.frequency, p.vulnerable, ...(p.fieldVisit ? [p.fieldVisit] : [])]) expect(rule.source).not.toBe('');
      expect(Object.isFrozen(p.windows[0])).toBe(true);
    }
  });
});

describe('tightenProfile', () => {
  it('tightens: later start, earlier end, lower caps, longer quiet periods, more collectors', () => {
    const cn = tightenProfile(SHIPPED_PROFILES.CN, {
      hours: { start: '09:00', end: '20:00' },
      'sms-hours': { end: '19:00' },
      frequency: { 'voice-conversations-per-day': { max: 2 } },
      'field-visit': { minCollectors: 3 },
      'flag-vulnerable': { voiceNotBefore: '11:00' },
    });
    expect(cn.windows.map((w) => [w.ruleId, w.start, w.end])).toEqual([
      ['hours', '09:00', '20:00'],
      ['sms-hours', '09:00', '19:00'],
    ]);
    expect(cn.frequency[0]).toMatchObject({ max: 2 });
    expect(cn.frequency[1]).toMatchObject({ max: 6 });
    expect(cn.fieldVisit?.minCollectors).toBe(3);
    expect(cn.vulnerable.voiceNotBefore).toBe('11:00');
    expect(tightenProfile(SHIPPED_PROFILES.US, { frequency: { 'call-after-conversation': { days: 10 } } }).frequency[1]).toMatchObject({ days: 10 });
    expect(SHIPPED_PROFILES.CN.windows[0].start).toBe('08:00');
  });

  it('refuses to loosen, naming every field and its shipped value', () => {
    expect(
      errorsOf(() =>
        tightenProfile(SHIPPED_PROFILES.CN, {
          hours: { start: '07:30', end: '22:30' },
          frequency: { 'dial-attempts-per-day': { max: 8 } },
          'field-visit': { minCollectors: 1 },
          'flag-vulnerable': { voiceNotBefore: '09:00' },
        }),
      ),
    ).toEqual([
      { path: 'hours.start', message: '"07:30" is earlier than the shipped CN value "08:00"; a lender may only start later' },
      { path: 'hours.end', message: '"22:30" is later than the shipped CN value "22:00"; a lender may only end earlier' },
      { path: 'frequency.dial-attempts-per-day.max', message: '8 is above the shipped CN value 6; a lender may only lower a cap' },
      { path: 'field-visit.minCollectors', message: '1 is below the shipped CN value 2; a lender may only require more' },
      { path: 'flag-vulnerable.voiceNotBefore', message: '"09:00" is earlier than the shipped CN value "10:00"; a lender may only start later' },
    ]);
    expect(() => tightenProfile(SHIPPED_PROFILES.US, { frequency: { 'call-after-conversation': { days: 3 } } })).toThrow(
      /frequency\.call-after-conversation\.days: 3 is below the shipped US value 7/,
    );
  });

  it('lets a lender space contacts further apart, never closer', () => {
    expect(tightenProfile(SHIPPED_PROFILES.CN, { spacing: { minutes: 90, spreadMinutes: 30 } }).spacing).toMatchObject({ minutes: 90, spreadMinutes: 30 });
    expect(() => tightenProfile(SHIPPED_PROFILES.CN, { spacing: { minutes: 30 } })).toThrow(/spacing\.minutes: 30 is below the shipped CN value 60/);
    expect(
      tightenProfile(SHIPPED_PROFILES.GB, { frequency: { 'channel-cap-sms': { max: 1 } } }).frequency.find((f) => f.key === 'channel-cap-sms'),
    ).toMatchObject({ max: 1 });
    expect(() => tightenProfile(SHIPPED_PROFILES.GB, { frequency: { 'channel-cap-all': { max: 5 } } })).toThrow(
      /channel-cap-all\.max: 5 is above the shipped GB value 4/,
    );
  });

  it('refuses rules the profile does not have and empty windows', () => {
    expect(
      errorsOf(() => tightenProfile(SHIPPED_PROFILES.US, { frequency: { 'not-excessive-per-day': { max: 2 } }, 'field-visit': { minCollectors: 3 } })).map(
        (e) => e.path,
      ),
    ).toEqual(['frequency.not-excessive-per-day', 'field-visit']);
    expect(errorsOf(() => tightenProfile(SHIPPED_PROFILES.GB, { 'sms-hours': { start: '15:00', end: '12:00' } }))).toEqual([
      { path: 'sms-hours', message: 'start "15:00" must be before end "12:00"' },
    ]);
    expect(errorsOf(() => tightenProfile(SHIPPED_PROFILES.GB, { frequency: { 'not-excessive-per-day': { days: 2 } } }))[0].path).toBe(
      'frequency.not-excessive-per-day.days',
    );
  });

  it('validates override files with path-named errors', () => {
    expect(
      errorsOf(() => parseProfileOverrides({ hours: { start: '7am' }, frequency: { 'calls-7-in-7': { max: 2.5 } }, hour: {} })).map((e) => e.path),
    ).toEqual(['hours.start', 'frequency.calls-7-in-7.max', '(root)']);
    expect(() => parseProfileOverrides({ hours: { start: '25:00' } }, 'acme.json')).toThrow(
      /invalid profile overrides acme\.json:\n {2}hours\.start: must be a local time "HH:MM"/,
    );
  });

  it('loads a lender file: every jurisdiction tightened or shipped, errors by path in the file', () => {
    const profiles = loadLenderProfiles({ lenderId: 'acme', profiles: { GB: { frequency: { 'not-excessive-per-week': { max: 7 } } } } });
    expect(profiles.GB.frequency[1]).toMatchObject({ max: 7 });
    expect(profiles.CN).toBe(SHIPPED_PROFILES.CN);
    expect(
      errorsOf(() =>
        loadLenderProfiles({ lenderId: 'acme', profiles: { CN: { hours: { start: '06:00' } }, US: { 'sms-hours': { end: '21:00' } } } }, 'acme.json'),
      ).map((e) => e.path),
    ).toEqual(['profiles.CN.hours.start', 'profiles.US.sms-hours.end']);
    expect(errorsOf(() => loadLenderProfiles({ lenderId: 'ACME', profiles: { FR: {} } })).map((e) => e.path)).toEqual(['lenderId', 'profiles']);
  });

  it('never loosens: arbitrary overrides are refused or give a profile at least as strict as the shipped one', () => {
    // Overrides around the shipped values, so that some tighten and some loosen; now and then nonsense.
    const fmt = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const around = (hhmm: string, min: number, max: number): fc.Arbitrary<string> =>
      fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min, max }).map((q) => fmt(Math.min(1440, Math.max(0, timeOfDayMs(hhmm) / 60_000 + q * 15)))) },
        { weight: 1, arbitrary: fc.constantFrom('00:00', '24:00', '12:00') },
      );
    const overridesFor = (p: JurisdictionProfile): fc.Arbitrary<ProfileOverrides> => {
      const window = (ruleId: 'hours' | 'sms-hours') => {
        const w = p.windows.find((x) => x.ruleId === ruleId)!;
        return fc.record({ start: around(w.start, -2, 16), end: around(w.end, -16, 2) }, { requiredKeys: [] });
      };
      const frequency = fc.oneof(
        {
          weight: 9,
          arbitrary: fc
            .subarray([...p.frequency])
            .chain((rules) =>
              fc.tuple(
                ...rules.map((r) =>
                  r.kind === 'cap'
                    ? fc.integer({ min: -3, max: 1 }).map((d) => [r.key, { max: Math.max(0, r.max + d) }] as const)
                    : fc.integer({ min: -1, max: 5 }).map((d) => [r.key, { days: Math.max(1, r.days + d) }] as const),
                ),
              ),
            ),
        },
        { weight: 1, arbitrary: fc.constant([['made-up', { max: 1 }] as const]) },
      );
      return fc.record(
        {
          hours: window('hours'),
          'sms-hours': window('sms-hours'),
          frequency: frequency.map((entries) => Object.fromEntries(entries)),
          'field-visit': p.fieldVisit === null ? fc.constant(undefined) : fc.record({ minCollectors: fc.integer({ min: 1, max: 4 }) }, { requiredKeys: [] }),
          'flag-vulnerable': fc.record({ voiceNotBefore: around(p.vulnerable.voiceNotBefore, -2, 16) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      );
    };
    let tightened = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...JURISDICTIONS).chain((j) => fc.tuple(fc.constant(SHIPPED_PROFILES[j]), overridesFor(SHIPPED_PROFILES[j]))),
        ([shipped, o]) => {
          let result: JurisdictionProfile;
          try {
            result = tightenProfile(shipped, parseProfileOverrides(o));
          } catch (e) {
            expect(e).toBeInstanceOf(ProfileOverrideError);
            return;
          }
          tightened++;
          expect(atLeastAsStrict(shipped, result)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    // The property means little if every case was refused.
    expect(tightened).toBeGreaterThan(50);
  });
});
