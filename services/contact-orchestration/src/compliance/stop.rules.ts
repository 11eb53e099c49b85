import type { CustomerFlag } from '@clearpath/contracts';
import type { ContactContext, ContactProposal } from './contact-guard.types';

/**
 * "When contact stops" (COMPLIANCE.md) as a table: rule id, source, and the condition under which
 * the rule stops the proposed contact outright. Order is the order rule ids appear in a decision.
 */
export interface StopRule {
  readonly ruleId: string;
  readonly source: string;
  readonly effect: string;
  readonly blocks: (proposal: ContactProposal, context: ContactContext) => boolean;
}

const flagged = (context: ContactContext, flag: CustomerFlag): boolean => context.activeFlags.includes(flag);
const isReply = (proposal: ContactProposal): boolean => proposal.purpose === 'reply-to-debtor-request';
const PLATFORM = 'COMPLIANCE.md "When contact stops" (platform policy)';

export const STOP_RULES: readonly StopRule[] = [
  { ruleId: 'closed', source: PLATFORM, effect: 'all contact stops', blocks: (_p, c) => c.loanClosed || c.caseResolved },
  { ruleId: 'flag-deceased', source: PLATFORM, effect: 'all contact stops', blocks: (_p, c) => flagged(c, 'DECEASED') },
  { ruleId: 'flag-bankruptcy', source: PLATFORM, effect: 'all contact stops', blocks: (_p, c) => flagged(c, 'BANKRUPTCY') },
  { ruleId: 'flag-litigation', source: PLATFORM, effect: 'all contact stops', blocks: (_p, c) => flagged(c, 'LITIGATION') },
  { ruleId: 'flag-do-not-contact', source: '12 CFR 1006.6(c) (cease request)', effect: 'all contact stops', blocks: (_p, c) => flagged(c, 'DO_NOT_CONTACT') },
  // Honoured in every jurisdiction: the flag is only ever raised for a GB breathing-space moratorium,
  // and a flag that is set must never be ignored because the jurisdiction looks wrong.
  {
    ruleId: 'flag-breathing-space',
    source: 'SI 2020/1311 regs 7, 26',
    effect: "no contact except replies to the debtor's own request",
    blocks: (p, c) => flagged(c, 'BREATHING_SPACE') && !isReply(p),
  },
  {
    ruleId: 'flag-dispute',
    source: '12 CFR 1006.38; CONC 7.14',
    effect: "collection contact stops; replies to the debtor's own request go on",
    blocks: (p, c) => (flagged(c, 'DISPUTE') || c.disputeOpen) && !isReply(p),
  },
  {
    ruleId: 'flag-vulnerable',
    source: 'CONC 7.10 (platform default)',
    effect: 'no field visits; collection contact only in the gentle treatment (voice before the morning limit is deferred)',
    // An unknown tone is not a gentle one.
    blocks: (p, c) => flagged(c, 'VULNERABLE') && (p.channel === 'FIELD_VISIT' || (!isReply(p) && c.treatmentTone !== 'gentle')),
  },
  {
    ruleId: 'complaint-open',
    source: 'platform policy',
    // Stricter than "collection contact": complaint correspondence goes through the complaint process, not this guard.
    effect: 'all contact stops while a harassment, privacy or third-party-contact complaint is open',
    blocks: (_p, c) => c.openComplaints.some((x) => x.category !== 'other'),
  },
  {
    ruleId: 'complaint-open-other',
    source: 'platform policy',
    effect: 'no voice or field visits while any other complaint is open',
    blocks: (p, c) => c.openComplaints.some((x) => x.category === 'other') && (p.channel === 'VOICE' || p.channel === 'FIELD_VISIT'),
  },
  { ruleId: 'channel-opt-out', source: '12 CFR 1006.6(e)', effect: 'that channel stops', blocks: (p, c) => c.optedOutChannels.includes(p.channel) },
  {
    ruleId: 'reply-needs-request',
    source: 'platform policy',
    effect: 'a contact counts as a reply to the debtor only if a recorded inbound request precedes it',
    blocks: (p, c) => isReply(p) && c.lastRequestAt === undefined,
  },
  {
    ruleId: 'inconvenient-time',
    source: '12 CFR 1006.6(b)(1)',
    effect: 'a place the debtor said is inconvenient is not used (home: no field visits); times: deferred',
    blocks: (p, c) => p.channel === 'FIELD_VISIT' && (c.inconvenientPlaces ?? []).includes('home'),
  },
  {
    ruleId: 'gb-field-visit-notice',
    source: 'CONC 7.3 (platform reading)',
    effect: 'GB: a field visit only after written notice of it was sent',
    blocks: (p, c) => c.jurisdiction === 'GB' && p.channel === 'FIELD_VISIT' && c.fieldVisitNoticeAt === undefined,
  },
  {
    ruleId: 'third-party',
    source: 'GB/T 45251—2025; 15 USC 1692b, 1692c(b); CONC 7.9.7R',
    effect: 'a third party only when the debtor is unreachable, only to locate them, with a checked text that does not disclose the debt',
    blocks: (p, c) =>
      p.recipient === 'third-party'
        ? !(c.debtorUnreachable && p.purpose === 'third-party-locate' && p.templateText !== undefined)
        : p.purpose === 'third-party-locate',
  },
];
