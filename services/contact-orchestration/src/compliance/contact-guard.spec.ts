import type { Channel } from './channel';
import { aCollection, aDebtorIn, aLocateRequest, aReply } from './contact-context.factory';
import { decide } from './contact-guard';
import { SHIPPED_PROFILES, tightenProfile } from './jurisdiction-profiles';

const cnMorning = new Date('2026-11-25T10:00:00+08:00');
const usMorning = new Date('2026-11-25T10:00:00-05:00');
const gbMorning = new Date('2026-11-25T10:00:00Z');
const US_FOOTER = ' This is a communication from a debt collector. Reply STOP to opt out.';

describe('decide: when contact stops', () => {
  it.each([
    ['closed (loan closed)', aDebtorIn('CN').withLoanClosed(), 'closed'],
    ['closed (case resolved)', aDebtorIn('CN').withCaseResolved(), 'closed'],
    ['flag-deceased', aDebtorIn('CN').withFlags('DECEASED'), 'flag-deceased'],
    ['flag-bankruptcy', aDebtorIn('CN').withFlags('BANKRUPTCY'), 'flag-bankruptcy'],
    ['flag-litigation', aDebtorIn('CN').withFlags('LITIGATION'), 'flag-litigation'],
    ['flag-do-not-contact', aDebtorIn('CN').withFlags('DO_NOT_CONTACT'), 'flag-do-not-contact'],
    ['complaint-open (harassment)', aDebtorIn('CN').withOpenComplaint('harassment'), 'complaint-open'],
    ['complaint-open (privacy)', aDebtorIn('CN').withOpenComplaint('privacy'), 'complaint-open'],
    ['complaint-open (third-party contact)', aDebtorIn('CN').withOpenComplaint('third-party-contact'), 'complaint-open'],
  ])('%s blocks all contact, replies included', (_name, debtor, ruleId) => {
    const context = debtor.build();
    for (const proposal of [aCollection('SMS'), aCollection('LETTER'), aReply('SMS')]) {
      expect(decide(proposal, context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: [ruleId] });
    }
  });

  it('flag-breathing-space: blocks everything but a reply to the debtor', () => {
    const context = aDebtorIn('GB').withFlags('BREATHING_SPACE').build();
    expect(decide(aCollection('LETTER', 'PRIVATE AND CONFIDENTIAL\nYour account'), context, gbMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['flag-breathing-space'],
    });
    expect(decide(aCollection('VOICE'), context, gbMorning)).toEqual({ kind: 'blocked', ruleIds: ['flag-breathing-space'] });
    expect(decide(aReply('EMAIL'), context, gbMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('flag-dispute: the DISPUTE flag or a dispute outcome stops collection, not replies', () => {
    for (const debtor of [aDebtorIn('US').withFlags('DISPUTE'), aDebtorIn('US').withDisputeOpen()]) {
      const context = debtor.build();
      expect(decide(aCollection('VOICE'), context, usMorning)).toEqual({ kind: 'blocked', ruleIds: ['flag-dispute'] });
      expect(decide(aReply('VOICE'), context, usMorning)).toMatchObject({ kind: 'allowed' });
    }
  });

  describe('flag-vulnerable', () => {
    const vulnerable = () => aDebtorIn('CN').withFlags('VULNERABLE');
    it('never a field visit, whatever the tone or purpose', () => {
      expect(decide(aCollection('FIELD_VISIT'), vulnerable().withTone('gentle').build(), cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['flag-vulnerable'] });
      expect(decide(aReply('FIELD_VISIT'), vulnerable().withTone('gentle').build(), cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['flag-vulnerable'] });
    });

    it.each(['firm', 'standard', undefined] as const)('no collection contact in the %s treatment', (tone) => {
      const debtor = vulnerable();
      if (tone !== undefined) debtor.withTone(tone);
      expect(decide(aCollection('SMS'), debtor.build(), cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['flag-vulnerable'] });
      expect(decide(aReply('SMS'), debtor.build(), cnMorning)).toMatchObject({ kind: 'allowed' });
    });

    it('no voice before 10:00 local: deferred to 10:00 that day', () => {
      const context = vulnerable().withTone('gentle').build();
      expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T08:30:00+08:00'))).toEqual({
        kind: 'deferred',
        until: new Date('2026-11-25T10:00:00+08:00'),
        ruleIds: ['flag-vulnerable'],
      });
      expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T10:00:00+08:00'))).toMatchObject({
        kind: 'allowed',
        ruleIds: expect.arrayContaining(['hours', 'flag-vulnerable']),
      });
      // Messages are not calls: SMS is allowed from 09:00.
      expect(decide(aCollection('SMS'), context, new Date('2026-11-25T09:30:00+08:00'))).toMatchObject({ kind: 'allowed' });
    });
  });

  it('complaint-open-other: no voice or field visit, other channels go on', () => {
    const context = aDebtorIn('CN').withOpenComplaint('other').build();
    expect(decide(aCollection('VOICE'), context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['complaint-open-other'] });
    expect(decide(aCollection('FIELD_VISIT'), context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['complaint-open-other'] });
    expect(decide(aCollection('SMS'), context, cnMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('channel-opt-out: that channel stops, others go on', () => {
    const context = aDebtorIn('US').optedOutOf('SMS').build();
    expect(decide(aCollection('SMS', `Hello.${US_FOOTER}`), context, usMorning)).toEqual({ kind: 'blocked', ruleIds: ['channel-opt-out'] });
    expect(decide(aReply('SMS'), context, usMorning)).toEqual({ kind: 'blocked', ruleIds: ['channel-opt-out'] });
    expect(decide(aCollection('EMAIL', `Hello.${US_FOOTER}`), context, usMorning)).toMatchObject({ kind: 'allowed' });
  });

  describe('third-party', () => {
    const ask = '您好，我们正在联系张先生，请您转告他回电 400-000-0000，谢谢。';
    it('only when the debtor is unreachable', () => {
      expect(decide(aLocateRequest('SMS', ask), aDebtorIn('CN').build(), cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['third-party'] });
      expect(decide(aLocateRequest('SMS', ask), aDebtorIn('CN').unreachable().build(), cnMorning)).toEqual({
        kind: 'allowed',
        ruleIds: ['hours', 'sms-hours', 'channel-cap', 'holiday', 'spacing', 'third-party'],
        requirements: [],
      });
    });

    it('only to ask for contact details, and only with a text that can be checked', () => {
      const context = aDebtorIn('CN').unreachable().build();
      expect(decide({ ...aLocateRequest('SMS', ask), purpose: 'collection' }, context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['third-party'] });
      expect(decide(aLocateRequest('VOICE'), context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['third-party'] });
      expect(decide({ ...aCollection('SMS', ask), purpose: 'third-party-locate' }, context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['third-party'] });
    });

    it('never disclosing the debt', () => {
      const context = aDebtorIn('CN').unreachable().build();
      expect(decide(aLocateRequest('SMS', '请转告张先生尽快处理逾期欠款'), context, cnMorning)).toEqual({ kind: 'blocked', ruleIds: ['third-party'] });
      const us = aDebtorIn('US').unreachable().build();
      expect(decide(aLocateRequest('SMS', 'Please ask John to call us about the debt he owes. Reply STOP to opt out.'), us, usMorning)).toEqual({
        kind: 'blocked',
        ruleIds: ['third-party'],
      });
      expect(decide(aLocateRequest('SMS', 'Please ask John Smith to call us on 800-000-0000. Reply STOP to opt out.'), us, usMorning)).toMatchObject({
        kind: 'allowed',
      });
    });
  });

  it('reports every rule that stops a contact, and blocks win over deferrals', () => {
    const context = aDebtorIn('CN').withLoanClosed().withFlags('DO_NOT_CONTACT').optedOutOf('SMS').build();
    expect(decide(aCollection('SMS', '老赖'), context, new Date('2026-11-25T23:00:00+08:00'))).toEqual({
      kind: 'blocked',
      ruleIds: ['closed', 'flag-do-not-contact', 'channel-opt-out', 'content-abuse'],
    });
  });
});

describe('decide: content', () => {
  it.each([
    ['content-threat', '后果自负'],
    ['content-abuse', '你这个老赖'],
    ['content-false-authority', '我是法院的，你将被拘留'],
    ['content-exaggeration', '你将进入全国黑名单'],
    ['content-shaming', '我们将通知单位'],
    ['content-new-borrowing', '你可以借新还旧'],
    ['content-private-payment', '请转账到个人账户'],
    ['content-pretext', '您的快递未签收'],
    ['content-deadline-pressure', '今天不还就上门'],
  ])('%s: the message is refused', (ruleId, text) => {
    expect(decide(aCollection('SMS', text), aDebtorIn('CN').build(), cnMorning)).toEqual({ kind: 'blocked', ruleIds: [ruleId] });
  });

  it('us-opt-out-notice, us-debt-collector-disclosure: required in US SMS and e-mail', () => {
    const context = aDebtorIn('US').build();
    expect(decide(aCollection('EMAIL', 'Your payment is due.'), context, usMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['us-opt-out-notice', 'us-debt-collector-disclosure'],
    });
    expect(decide(aCollection('EMAIL', `Your payment is due.${US_FOOTER}`), context, usMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('gb-private-and-confidential: required on GB letters', () => {
    const context = aDebtorIn('GB').build();
    expect(decide(aCollection('LETTER', 'Dear customer'), context, gbMorning)).toEqual({ kind: 'blocked', ruleIds: ['gb-private-and-confidential'] });
    expect(decide(aCollection('LETTER', 'Private and confidential. Dear customer'), context, gbMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('checks the message in the locale given, else the jurisdiction’s', () => {
    const zhInUs = { ...aDebtorIn('US').build(), locale: 'zh-CN' as const };
    expect(decide(aCollection('SMS', '您的账单已到期。本信息来自债务催收方。回复TD退订'), zhInUs, usMorning)).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('SMS', '您的账单已到期。本信息来自债务催收方。回复TD退订'), aDebtorIn('US').build(), usMorning)).toMatchObject({
      kind: 'blocked',
    });
  });
});

describe('decide: hours and sms-hours, in the debtor’s own time zone', () => {
  it.each([
    // [jurisdiction, zone, channel, now, until, ruleIds]
    ['CN', 'Asia/Shanghai', 'VOICE', '2026-11-25T22:30:00+08:00', '2026-11-26T08:00:00+08:00', ['hours']],
    ['CN', 'Asia/Shanghai', 'VOICE', '2026-11-25T07:59:59+08:00', '2026-11-25T08:00:00+08:00', ['hours']],
    ['CN', 'Asia/Shanghai', 'VOICE', '2026-11-25T22:00:00+08:00', '2026-11-26T08:00:00+08:00', ['hours']],
    ['US', 'America/New_York', 'VOICE', '2026-11-25T21:30:00-05:00', '2026-11-26T08:00:00-05:00', ['hours']],
    ['US', 'America/New_York', 'EMAIL', '2026-11-25T21:00:00-05:00', '2026-11-26T08:00:00-05:00', ['hours']],
    ['US', 'America/Los_Angeles', 'VOICE', '2026-11-25T06:00:00-08:00', '2026-11-25T08:00:00-08:00', ['hours']],
    ['GB', 'Europe/London', 'FIELD_VISIT', '2026-11-25T21:15:00Z', '2026-11-26T08:00:00Z', ['hours']],
    ['US', 'America/New_York', 'SMS', '2026-11-25T08:30:00-05:00', '2026-11-25T09:00:00-05:00', ['sms-hours']],
    ['US', 'America/New_York', 'SMS', '2026-11-25T07:00:00-05:00', '2026-11-25T09:00:00-05:00', ['hours', 'sms-hours']],
    ['CN', 'Asia/Shanghai', 'IM', '2026-11-25T20:15:00+08:00', '2026-11-26T09:00:00+08:00', ['sms-hours']],
    // A US debtor living in Shanghai is contacted on Shanghai time.
    ['US', 'Asia/Shanghai', 'VOICE', '2026-11-25T21:30:00+08:00', '2026-11-26T08:00:00+08:00', ['hours']],
    // DST: New York springs forward on 2026-03-08, London falls back on 2026-10-25.
    ['US', 'America/New_York', 'SMS', '2026-03-07T21:30:00-05:00', '2026-03-08T09:00:00-04:00', ['hours', 'sms-hours']],
    ['US', 'America/New_York', 'VOICE', '2026-10-31T22:00:00-04:00', '2026-11-01T08:00:00-05:00', ['hours']],
    ['GB', 'Europe/London', 'VOICE', '2026-10-24T21:30:00+01:00', '2026-10-25T08:00:00Z', ['hours']],
    ['GB', 'Europe/London', 'VOICE', '2026-03-28T23:30:00Z', '2026-03-29T08:00:00+01:00', ['hours']],
  ] as const)('%s debtor in %s, %s at %s → deferred to %s', (jurisdiction, zone, channel, now, until, ruleIds) => {
    const proposal =
      channel === 'SMS' || channel === 'EMAIL'
        ? aCollection(channel, jurisdiction === 'US' ? `Hello.${US_FOOTER}` : 'Hello.')
        : aCollection(channel as Channel);
    expect(decide(proposal, aDebtorIn(jurisdiction, zone).build(), new Date(now))).toEqual({ kind: 'deferred', until: new Date(until), ruleIds: [...ruleIds] });
  });

  it('the edges: the opening minute is in, the closing minute is out', () => {
    const context = aDebtorIn('US').build();
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T08:00:00-05:00'))).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T20:59:59.999-05:00'))).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T21:00:00-05:00'))).toMatchObject({ kind: 'deferred' });
  });

  it('letters are not bound to the hour of the day', () => {
    expect(decide(aCollection('LETTER', 'Private and confidential'), aDebtorIn('GB').build(), new Date('2026-11-25T23:30:00Z'))).toEqual({
      kind: 'allowed',
      ruleIds: ['not-excessive', 'channel-cap', 'spacing'],
      requirements: [],
    });
  });

  it('allowed decisions name the time rules checked', () => {
    expect(decide(aCollection('SMS', `Hi.${US_FOOTER}`), aDebtorIn('US').build(), usMorning)).toEqual({
      kind: 'allowed',
      ruleIds: ['hours', 'sms-hours', 'channel-cap', 'spacing'],
      requirements: [],
    });
    expect(decide(aCollection('VOICE'), aDebtorIn('US').build(), usMorning)).toEqual({
      kind: 'allowed',
      ruleIds: ['hours', 'calls-7-in-7', 'call-after-conversation', 'spacing'],
      requirements: [],
    });
  });
});

describe('decide: frequency', () => {
  const cnCalls = (n: number, outcome: 'reached' | 'no-answer', number = '13800000000') =>
    Array.from({ length: n }, (_, i) => ({
      at: `2026-11-25T0${8 + (i % 2)}:${String(10 + i).padStart(2, '0')}:00+08:00`,
      channel: 'VOICE' as const,
      outcome,
      number,
    }));
  // The last of those calls is at 09:15 at the latest: an hour later, `spacing` no longer holds anything back.
  const afterCalls = new Date('2026-11-25T10:30:00+08:00');

  it('voice-conversations-per-day (CN): a 4th call reaching the debtor waits for the next local day', () => {
    const three = aDebtorIn('CN').withAttempts(cnCalls(3, 'reached')).build();
    expect(decide(aCollection('VOICE'), three, afterCalls)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T08:00:00+08:00'),
      ruleIds: ['voice-conversations-per-day', 'hours'],
    });
    expect(decide(aCollection('SMS'), three, afterCalls)).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('VOICE'), aDebtorIn('CN').withAttempts(cnCalls(2, 'reached')).build(), afterCalls)).toMatchObject({ kind: 'allowed' });
  });

  it('dial-attempts-per-day (CN): 6 unanswered calls to one number, then that number waits', () => {
    const six = aDebtorIn('CN').withAttempts(cnCalls(6, 'no-answer')).build();
    expect(decide({ ...aCollection('VOICE'), number: '13800000000' }, six, afterCalls)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T08:00:00+08:00'),
      ruleIds: ['dial-attempts-per-day', 'hours'],
    });
    expect(decide({ ...aCollection('VOICE'), number: '13900000000' }, six, afterCalls)).toMatchObject({ kind: 'allowed' });
    // Without a number, every unanswered call counts: the safe side.
    expect(decide(aCollection('VOICE'), six, afterCalls)).toMatchObject({ kind: 'deferred' });
    expect(decide({ ...aCollection('VOICE'), number: '13800000000' }, aDebtorIn('CN').withAttempts(cnCalls(5, 'no-answer')).build(), afterCalls)).toMatchObject(
      { kind: 'allowed' },
    );
  });

  it('calls-7-in-7 (US): 7 calls within 7 consecutive local days, then wait until the oldest leaves the window', () => {
    const debtor = aDebtorIn('US');
    // Two calls on each of 11-20, 11-21, 11-22, one on 11-23: 7 calls in 11-20..11-26.
    for (const day of ['20', '20', '21', '21', '22', '22', '23']) debtor.withAttempt(`2026-11-${day}T10:00:00-05:00`, 'VOICE', 'no-answer');
    expect(decide(aCollection('VOICE'), debtor.build(), usMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-27T08:00:00-05:00'),
      ruleIds: ['calls-7-in-7', 'hours'],
    });
    // At 11-27 only 5 remain (11-21..11-27).
    expect(decide(aCollection('VOICE'), debtor.build(), new Date('2026-11-27T08:00:00-05:00'))).toMatchObject({ kind: 'allowed' });
  });

  it('call-after-conversation (US): the conversation day is day 1 of 7 without calls', () => {
    const context = aDebtorIn('US').withAttempt('2026-11-02T10:00:00-05:00', 'VOICE', 'reached').build();
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-02T15:00:00-05:00'))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-09T08:00:00-05:00'),
      ruleIds: ['call-after-conversation', 'hours'],
    });
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-08T12:00:00-05:00'))).toMatchObject({
      kind: 'deferred',
      until: new Date('2026-11-09T08:00:00-05:00'),
    });
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-09T08:00:00-05:00'))).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('EMAIL', `Hi.${US_FOOTER}`), context, new Date('2026-11-03T12:00:00-05:00'))).toMatchObject({ kind: 'allowed' });
  });

  it('not-excessive (GB): 3 attempts a day and 10 a week, all channels', () => {
    const day = aDebtorIn('GB')
      .withAttempt('2026-11-25T08:05:00Z', 'SMS', 'sent')
      .withAttempt('2026-11-25T08:30:00Z', 'EMAIL', 'sent')
      .withAttempt('2026-11-25T09:00:00Z', 'VOICE', 'no-answer')
      .build();
    expect(decide(aCollection('LETTER', 'Private and confidential'), day, gbMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T00:00:00Z'),
      ruleIds: ['not-excessive'],
    });
    expect(decide(aCollection('VOICE'), day, gbMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T08:00:00Z'),
      ruleIds: ['not-excessive', 'hours'],
    });

    const week = aDebtorIn('GB');
    for (const d of ['19', '19', '20', '20', '21', '22', '22', '23', '24', '24']) week.withAttempt(`2026-11-${d}T12:00:00Z`, 'SMS', 'sent');
    // 10 attempts in 11-19..11-25; two leave the window on 11-26 (window 11-20..11-26 holds 8).
    expect(decide(aCollection('VOICE'), week.build(), gbMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T08:00:00Z'),
      ruleIds: ['not-excessive', 'hours'],
    });
  });

  it('several constraints: the earliest moment that satisfies all of them', () => {
    const context = aDebtorIn('CN').withFlags('VULNERABLE').withTone('gentle').withAttempts(cnCalls(3, 'reached')).build();
    expect(decide(aCollection('VOICE'), context, new Date('2026-11-25T21:00:00+08:00'))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T10:00:00+08:00'),
      ruleIds: ['voice-conversations-per-day', 'hours', 'flag-vulnerable'],
    });
    // 21:30 in New York on the last day of a 7-in-7 block: the window reopens the next morning, the cap a day later.
    const us = aDebtorIn('US');
    for (const d of ['20', '20', '21', '21', '22', '22', '23']) us.withAttempt(`2026-11-${d}T10:00:00-05:00`, 'VOICE', 'busy');
    expect(decide(aCollection('VOICE'), us.build(), new Date('2026-11-25T21:30:00-05:00'))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-27T08:00:00-05:00'),
      ruleIds: ['hours', 'calls-7-in-7'],
    });
  });
});

describe('decide: the person over all their loans (channel-cap, spacing, debt scope, spread)', () => {
  it('channel-cap: a third SMS to a person on one local day waits for the next, whichever loan it is about', () => {
    const two = aDebtorIn('CN').withAttempt('2026-11-25T09:05:00+08:00', 'SMS', 'sent').withAttempt('2026-11-25T10:10:00+08:00', 'SMS', 'sent').build();
    expect(decide(aCollection('SMS'), two, new Date('2026-11-25T12:00:00+08:00'))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T09:00:00+08:00'),
      ruleIds: ['channel-cap', 'hours', 'sms-hours'],
    });
    // An e-mail has a cap of its own; four written messages a day at most.
    expect(decide(aCollection('EMAIL'), two, new Date('2026-11-25T12:00:00+08:00'))).toMatchObject({ kind: 'allowed' });
    const four = aDebtorIn('CN')
      .withAttempts(two.attempts)
      .withAttempt('2026-11-25T11:15:00+08:00', 'EMAIL', 'sent')
      .withAttempt('2026-11-25T12:20:00+08:00', 'IM', 'sent')
      .build();
    expect(decide(aCollection('EMAIL'), four, new Date('2026-11-25T15:00:00+08:00'))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-26T08:00:00+08:00'),
      ruleIds: ['channel-cap', 'hours'],
    });
  });

  it('spacing: an hour between two contacts to one person; a reply to the debtor is not held back', () => {
    const justNow = aDebtorIn('GB').withAttempt('2026-11-25T09:40:00Z', 'EMAIL', 'sent').build();
    expect(decide(aCollection('VOICE'), justNow, gbMorning)).toEqual({ kind: 'deferred', until: new Date('2026-11-25T10:40:00Z'), ruleIds: ['spacing'] });
    expect(decide(aReply('VOICE'), justNow, gbMorning)).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('VOICE'), justNow, new Date('2026-11-25T10:40:00Z'))).toMatchObject({ kind: 'allowed' });
  });

  it('counts Reg F per debt and the platform cap per person (US)', () => {
    const person = aDebtorIn('US');
    for (const d of ['20', '21', '22', '23', '24', '24']) person.withAttempt(`2026-11-${d}T10:00:00-05:00`, 'VOICE', 'no-answer');
    person.withAttempt('2026-11-24T12:00:00-05:00', 'VOICE', 'no-answer');
    // Seven calls to the person over two debts: the person-level cap holds the eighth, although this debt had only one.
    const context = { ...person.build(), debtAttempts: [{ at: '2026-11-24T12:00:00-05:00', channel: 'VOICE' as const, outcome: 'no-answer' as const }] };
    expect(decide(aCollection('VOICE'), context, usMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-27T08:00:00-05:00'),
      ruleIds: ['calls-7-in-7', 'hours'],
    });
    // A conversation on another debt does not start this debt's 7-day quiet period.
    const talked = { ...aDebtorIn('US').withAttempt('2026-11-24T10:00:00-05:00', 'VOICE', 'reached').build(), debtAttempts: [] };
    expect(decide(aCollection('VOICE'), talked, usMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('spreads deferrals over the first two hours of the window, on the minute, at an instant every rule allows', () => {
    const late = new Date('2026-11-25T23:00:00+08:00');
    const landings = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const decision = decide({ ...aCollection('SMS'), spreadKey: `attempt-${i}` }, aDebtorIn('CN').build(), late);
      if (decision.kind !== 'deferred') throw new Error(`expected a deferral, got ${decision.kind}`);
      const at = decision.until.getTime();
      expect(at).toBeGreaterThanOrEqual(Date.parse('2026-11-26T09:00:00+08:00'));
      expect(at).toBeLessThan(Date.parse('2026-11-26T11:00:00+08:00'));
      expect(at % 60_000).toBe(0);
      expect(decide({ ...aCollection('SMS'), spreadKey: `attempt-${i}` }, aDebtorIn('CN').build(), decision.until)).toMatchObject({ kind: 'allowed' });
      landings.add(at);
    }
    expect(landings.size).toBeGreaterThan(60);
    // The same key lands on the same minute every time (a re-decision does not move it again).
    expect(decide({ ...aCollection('SMS'), spreadKey: 'attempt-7' }, aDebtorIn('CN').build(), late)).toEqual(
      decide({ ...aCollection('SMS'), spreadKey: 'attempt-7' }, aDebtorIn('CN').build(), late),
    );
  });
});

describe('decide: holidays, inconvenient times, replies, GB visit notice, US validation (issue 12)', () => {
  it('holiday: CN Spring Festival eve to the 3rd day defers collection to the next ordinary day; replies go on', () => {
    const eve = new Date('2027-02-05T10:00:00+08:00');
    expect(decide(aCollection('VOICE'), aDebtorIn('CN').build(), eve)).toEqual({
      kind: 'deferred',
      until: new Date('2027-02-09T08:00:00+08:00'),
      ruleIds: ['holiday', 'hours'],
    });
    expect(decide(aReply('VOICE'), aDebtorIn('CN').build(), eve)).toMatchObject({ kind: 'allowed' });
    // A lender's own calendar adds days (tightening only).
    const us = tightenProfile(SHIPPED_PROFILES.US, { holiday: { add: ['2026-11-26'] } });
    expect(decide(aCollection('VOICE'), aDebtorIn('US').build(), new Date('2026-11-26T10:00:00-05:00'), us)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-27T08:00:00-05:00'),
      ruleIds: ['holiday', 'hours'],
    });
  });

  it('inconvenient-time: a stated period moves the contact to its end (weekdays, overnight); home stops visits', () => {
    // Weekdays 09:00–18:00 at work: a Wednesday 10:00 call waits until 18:00.
    const working = aDebtorIn('US')
      .withInconvenientTimes({ from: '09:00', to: '18:00', weekdays: [1, 2, 3, 4, 5] })
      .build();
    expect(decide(aCollection('VOICE'), working, usMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-25T18:00:00-05:00'),
      ruleIds: ['inconvenient-time'],
    });
    // A Saturday is not a working day.
    expect(decide(aCollection('VOICE'), working, new Date('2026-11-28T10:00:00-05:00'))).toMatchObject({ kind: 'allowed' });
    // Night shift 20:00–11:00 on calls only: an SMS still goes, a call waits for 11:00.
    const nights = aDebtorIn('US')
      .withInconvenientTimes({ from: '20:00', to: '11:00', channels: ['VOICE'] })
      .build();
    expect(decide(aCollection('VOICE'), nights, usMorning)).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-25T11:00:00-05:00'),
      ruleIds: ['inconvenient-time'],
    });
    expect(decide(aCollection('SMS', `Hi.${US_FOOTER}`), nights, usMorning)).toMatchObject({ kind: 'allowed' });
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('CN').withInconvenientPlace('home').build(), cnMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['inconvenient-time'],
    });
  });

  it('reply-needs-request: a "reply" without a recorded request is blocked, so it cannot pass breathing space or a dispute', () => {
    expect(decide(aReply('SMS'), aDebtorIn('GB').withoutRequest().withFlags('BREATHING_SPACE').build(), gbMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['reply-needs-request'],
    });
    expect(decide(aReply('SMS'), aDebtorIn('GB').withFlags('BREATHING_SPACE').build(), gbMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('gb-field-visit-notice: a GB visit only after written notice of it', () => {
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('GB').withoutVisitNotice().build(), gbMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['gb-field-visit-notice'],
    });
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('GB').build(), gbMorning)).toMatchObject({ kind: 'allowed' });
  });

  it('validation-notice (US): collection stops 5 days after the initial communication without the notice', () => {
    const text = `Hi.${US_FOOTER}`;
    expect(decide(aCollection('SMS', text), aDebtorIn('US').withValidation('2026-11-19T10:00:00-05:00', null).build(), usMorning)).toEqual({
      kind: 'blocked',
      ruleIds: ['validation-notice'],
    });
    expect(decide(aCollection('SMS', text), aDebtorIn('US').withValidation('2026-11-21T10:00:00-05:00', null).build(), usMorning)).toMatchObject({
      kind: 'allowed',
    });
    expect(
      decide(aCollection('SMS', text), aDebtorIn('US').withValidation('2026-11-19T10:00:00-05:00', '2026-11-20T10:00:00-05:00').build(), usMorning),
    ).toMatchObject({ kind: 'allowed' });
    expect(decide(aReply('SMS'), aDebtorIn('US').withValidation('2026-11-19T10:00:00-05:00', null).build(), usMorning)).toMatchObject({ kind: 'allowed' });
  });
});

describe('decide: field visits and tightened profiles', () => {
  it('field-visit (CN): allowed visits carry the task requirements', () => {
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('CN').build(), cnMorning)).toEqual({
      kind: 'allowed',
      ruleIds: ['hours', 'holiday', 'spacing', 'field-visit'],
      requirements: [{ ruleId: 'field-visit', minCollectors: 2, recorded: true, entryRequiresConsent: true }],
    });
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('US').build(), usMorning)).toEqual({
      kind: 'allowed',
      ruleIds: ['hours', 'spacing'],
      requirements: [],
    });
  });

  it('uses a lender’s tightened profile', () => {
    const cn = tightenProfile(SHIPPED_PROFILES.CN, { hours: { start: '09:00', end: '20:00' }, 'field-visit': { minCollectors: 3 } });
    expect(decide(aCollection('VOICE'), aDebtorIn('CN').build(), new Date('2026-11-25T08:30:00+08:00'), cn)).toMatchObject({
      kind: 'deferred',
      until: new Date('2026-11-25T09:00:00+08:00'),
    });
    expect(decide(aCollection('FIELD_VISIT'), aDebtorIn('CN').build(), cnMorning, cn)).toMatchObject({ requirements: [{ minCollectors: 3 }] });
  });

  it('a tightened profile that leaves no time at all blocks instead of deferring forever', () => {
    const noCalls = tightenProfile(SHIPPED_PROFILES.CN, { frequency: { 'voice-conversations-per-day': { max: 0 } } });
    expect(decide(aCollection('VOICE'), aDebtorIn('CN').build(), cnMorning, noCalls)).toEqual({ kind: 'blocked', ruleIds: ['voice-conversations-per-day'] });
    const earlyEnd = tightenProfile(SHIPPED_PROFILES.CN, { hours: { end: '10:00' }, 'flag-vulnerable': { voiceNotBefore: '10:00' } });
    const vulnerable = aDebtorIn('CN').withFlags('VULNERABLE').withTone('gentle').build();
    expect(decide(aCollection('VOICE'), vulnerable, cnMorning, earlyEnd)).toEqual({ kind: 'blocked', ruleIds: ['hours', 'flag-vulnerable'] });
  });

  it('refuses input it cannot judge', () => {
    expect(() => decide(aCollection('SMS'), aDebtorIn('CN', 'Mars/Olympus_Mons').build(), cnMorning)).toThrow(/unknown IANA time zone/);
    expect(() => decide(aCollection('SMS'), aDebtorIn('CN').build(), cnMorning, SHIPPED_PROFILES.US)).toThrow(/profile US given for a CN debtor/);
    expect(() => decide(aCollection('SMS'), aDebtorIn('CN').withAttempt('yesterday', 'SMS', 'sent').build(), cnMorning)).toThrow(/attempts\[0\]\.at/);
    expect(() => decide(aCollection('SMS'), aDebtorIn('CN').build(), new Date('nope'))).toThrow(/now/);
  });
});
