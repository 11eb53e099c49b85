import type { CustomerFlag, Jurisdiction } from '@clearpath/contracts';
import type { Channel } from './channel';
import type {
  AttemptOutcome,
  ComplaintCategory,
  ContactAttempt,
  ContactContext,
  ContactProposal,
  InconvenientPlace,
  InconvenientTime,
  TreatmentTone,
} from './contact-guard.types';

/** Test data for the guard: a debtor with nothing on file, changed one fact at a time. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const HOME_ZONE: Record<Jurisdiction, string> = { CN: 'Asia/Shanghai', US: 'America/New_York', GB: 'Europe/London' };

export class ContactContextBuilder {
  private readonly ctx: Mutable<ContactContext>;

  constructor(jurisdiction: Jurisdiction, timezone = HOME_ZONE[jurisdiction]) {
    this.ctx = {
      jurisdiction,
      timezone,
      activeFlags: [],
      loanClosed: false,
      caseResolved: false,
      openComplaints: [],
      disputeOpen: false,
      optedOutChannels: [],
      debtorUnreachable: false,
      // A debtor who wrote in once (replies are judged as replies) and, in GB, was told of visits in
      // writing: the defaults, so a test of another rule is not decided by these two.
      lastRequestAt: '2026-11-01T00:00:00Z',
      ...(jurisdiction === 'GB' ? { fieldVisitNoticeAt: '2026-11-01T00:00:00Z' } : {}),
      attempts: [],
    };
  }

  /** No recorded inbound request: a "reply" is then not one (`reply-needs-request`). */
  withoutRequest(): this {
    delete this.ctx.lastRequestAt;
    return this;
  }

  /** GB: no written notice of a field visit was sent (`gb-field-visit-notice`). */
  withoutVisitNotice(): this {
    delete this.ctx.fieldVisitNoticeAt;
    return this;
  }

  withInconvenientTimes(...times: InconvenientTime[]): this {
    this.ctx.inconvenientTimes = [...(this.ctx.inconvenientTimes ?? []), ...times];
    return this;
  }

  withInconvenientPlace(place: InconvenientPlace): this {
    this.ctx.inconvenientPlaces = [...(this.ctx.inconvenientPlaces ?? []), place];
    return this;
  }

  /** US: the initial communication went out at `initialContactAt`; the validation notice at `noticeSentAt` (null: not yet). */
  withValidation(initialContactAt: string | null, noticeSentAt: string | null): this {
    this.ctx.validation = { initialContactAt, noticeSentAt };
    return this;
  }

  inZone(timezone: string): this {
    this.ctx.timezone = timezone;
    return this;
  }

  withFlags(...flags: CustomerFlag[]): this {
    this.ctx.activeFlags = [...this.ctx.activeFlags, ...flags];
    return this;
  }

  withLoanClosed(): this {
    this.ctx.loanClosed = true;
    return this;
  }

  withCaseResolved(): this {
    this.ctx.caseResolved = true;
    return this;
  }

  withOpenComplaint(category: ComplaintCategory): this {
    this.ctx.openComplaints = [...this.ctx.openComplaints, { category }];
    return this;
  }

  withDisputeOpen(): this {
    this.ctx.disputeOpen = true;
    return this;
  }

  optedOutOf(...channels: Channel[]): this {
    this.ctx.optedOutChannels = [...this.ctx.optedOutChannels, ...channels];
    return this;
  }

  unreachable(): this {
    this.ctx.debtorUnreachable = true;
    return this;
  }

  withTone(tone: TreatmentTone): this {
    this.ctx.treatmentTone = tone;
    return this;
  }

  withAttempt(at: string, channel: Channel, outcome: AttemptOutcome, number?: string): this {
    const attempt: ContactAttempt = number === undefined ? { at, channel, outcome } : { at, channel, outcome, number };
    this.ctx.attempts = [...this.ctx.attempts, attempt];
    return this;
  }

  withAttempts(attempts: readonly ContactAttempt[]): this {
    this.ctx.attempts = [...this.ctx.attempts, ...attempts];
    return this;
  }

  build(): ContactContext {
    return { ...this.ctx };
  }
}

export const aDebtorIn = (jurisdiction: Jurisdiction, timezone?: string): ContactContextBuilder => new ContactContextBuilder(jurisdiction, timezone);

export const aCollection = (channel: Channel, templateText?: string): ContactProposal =>
  templateText === undefined ? { channel, purpose: 'collection', recipient: 'debtor' } : { channel, purpose: 'collection', recipient: 'debtor', templateText };

export const aReply = (channel: Channel): ContactProposal => ({ channel, purpose: 'reply-to-debtor-request', recipient: 'debtor' });

export const aLocateRequest = (channel: Channel, templateText?: string): ContactProposal =>
  templateText === undefined
    ? { channel, purpose: 'third-party-locate', recipient: 'third-party' }
    : { channel, purpose: 'third-party-locate', recipient: 'third-party', templateText };
