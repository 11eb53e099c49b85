import { validateWith } from '@clearpath/contracts';
import { contactCheckRequestSchema } from './contact-check.schema';
import { decide } from './contact-guard';
import type { ContactContext, ContactProposal } from './contact-guard.types';

const request = {
  proposal: { channel: 'VOICE', purpose: 'collection', recipient: 'debtor', number: '13800000000' },
  context: {
    jurisdiction: 'CN',
    timezone: 'Asia/Shanghai',
    activeFlags: ['VULNERABLE'],
    loanClosed: false,
    caseResolved: false,
    openComplaints: [],
    disputeOpen: false,
    optedOutChannels: ['SMS'],
    debtorUnreachable: false,
    treatmentTone: 'gentle',
    dpdBucket: 'M2',
    attempts: [{ at: '2026-11-25T09:00:00+08:00', channel: 'VOICE', outcome: 'no-answer', number: '13800000000' }],
  },
  at: '2026-11-25T09:30:00+08:00',
};

describe('contactCheckRequestSchema', () => {
  it('accepts a request and yields exactly what the guard takes', () => {
    const result = validateWith(contactCheckRequestSchema, request);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Compile-time: the parsed request is the guard's input, no casts.
    const proposal: ContactProposal = result.value.proposal;
    const context: ContactContext = result.value.context;
    expect(decide(proposal, context, new Date(result.value.at!))).toEqual({
      kind: 'deferred',
      until: new Date('2026-11-25T10:00:00+08:00'),
      ruleIds: ['flag-vulnerable'],
    });
  });

  it('names the path of every bad field, and refuses unknown ones', () => {
    const bad = {
      ...request,
      proposal: { ...request.proposal, channel: 'FAX' },
      context: {
        ...request.context,
        timezone: 'Asia/Atlantis',
        activeFlags: ['SLEEPY'],
        attempts: [{ at: 'yesterday', channel: 'VOICE', outcome: 'reached' }],
        activeFlag: [],
      },
    };
    const result = validateWith(contactCheckRequestSchema, bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual([
      'context',
      'context.activeFlags[0]',
      'context.attempts[0].at',
      'context.timezone',
      'proposal.channel',
    ]);
  });
});
