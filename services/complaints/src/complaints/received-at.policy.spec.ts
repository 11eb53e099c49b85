import fc from 'fast-check';
import { RECEIVED_AT_CLOCK_SKEW_MS, type ReceiptInput, checkReceivedAt } from './received-at.policy';

/** A receipt as intake sees it, built fluently: `aReceipt().givenAt('…').onLoanKnownSince('…').check()`. */
class ReceiptBuilder {
  private input: ReceiptInput = { given: undefined, now: new Date('2026-12-04T02:00:00Z'), timeZone: 'Asia/Shanghai', loanKnownSince: null };

  givenAt(iso: string): this {
    this.input = { ...this.input, given: new Date(iso) };
    return this;
  }

  loggedAt(iso: string): this {
    this.input = { ...this.input, now: new Date(iso) };
    return this;
  }

  inZone(timeZone: string): this {
    this.input = { ...this.input, timeZone };
    return this;
  }

  onLoanKnownSince(date: string): this {
    this.input = { ...this.input, loanKnownSince: date };
    return this;
  }

  check() {
    return checkReceivedAt(this.input);
  }
}
const aReceipt = () => new ReceiptBuilder();

describe('receivedAt at intake', () => {
  it('defaults to the time the complaint is logged', () => {
    expect(aReceipt().loggedAt('2026-12-04T02:00:00Z').check()).toEqual({ ok: true, receivedAt: new Date('2026-12-04T02:00:00Z') });
  });

  it('keeps an earlier receipt time as given', () => {
    expect(aReceipt().givenAt('2026-12-01T10:00:00+08:00').check()).toEqual({ ok: true, receivedAt: new Date('2026-12-01T02:00:00Z') });
  });

  it('refuses a time more than five minutes ahead of the clock, and takes one within the skew as now', () => {
    const refused = aReceipt().loggedAt('2026-12-04T02:00:00Z').givenAt('2026-12-04T02:05:00.001Z').check();
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('must not be in the future') });
    expect(aReceipt().loggedAt('2026-12-04T02:00:00Z').givenAt('2026-12-04T02:05:00Z').check()).toEqual({
      ok: true,
      receivedAt: new Date('2026-12-04T02:00:00Z'),
    });
  });

  it('refuses a day before the earliest day the loan is known by, in the debtor’s calendar', () => {
    // 15:59 UTC on 13 Nov is 23:59 on 13 Nov in Shanghai: refused; a minute later it is 14 Nov there.
    expect(aReceipt().onLoanKnownSince('2026-11-14').givenAt('2026-11-13T15:59:00Z').check()).toEqual({
      ok: false,
      message: expect.stringContaining('2026-11-14'),
    });
    expect(aReceipt().onLoanKnownSince('2026-11-14').givenAt('2026-11-13T16:00:00Z').check().ok).toBe(true);
    // The same instant is still 13 Nov in New York.
    expect(aReceipt().onLoanKnownSince('2026-11-14').inZone('America/New_York').givenAt('2026-11-13T16:00:00Z').check().ok).toBe(false);
  });

  it('accepts any past time on a loan complaints does not know', () => {
    expect(aReceipt().givenAt('2020-01-01T00:00:00Z').check()).toEqual({ ok: true, receivedAt: new Date('2020-01-01T00:00:00Z') });
  });

  it('never answers a receipt after the time it was logged', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30 * 86_400_000, max: 30 * 86_400_000 }), (offsetMs) => {
        const now = new Date('2026-12-04T02:00:00Z');
        const result = checkReceivedAt({ given: new Date(now.getTime() + offsetMs), now, timeZone: 'Europe/London', loanKnownSince: null });
        expect(result.ok).toBe(offsetMs <= RECEIVED_AT_CLOCK_SKEW_MS);
        if (result.ok) expect(result.receivedAt.getTime()).toBe(Math.min(now.getTime(), now.getTime() + offsetMs));
      }),
    );
  });
});
