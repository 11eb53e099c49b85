import { randomUUID } from 'node:crypto';
import {
  type CoreBankingEventType,
  type CoreBankingEventV1,
  type CustomerFlag,
  type HistoryEntryV1,
  type LoanOverduePayloadV1,
  validateCoreBankingEvent,
} from '@clearpath/contracts';

type Json = Record<string, unknown>;

let loanCounter = 0;
/** A loan id unique to this test process, so tests sharing a broker never see each other's loans. */
export function aLoanId(prefix = 'LN-T'): string {
  loanCounter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${loanCounter}`;
}

/** The core-banking event of one type, as the contract reads it. */
export type CoreBankingEventOf<T extends CoreBankingEventType> = Extract<CoreBankingEventV1, { eventType: T }>;

const isOfType = <T extends CoreBankingEventType>(event: CoreBankingEventV1, eventType: T): event is CoreBankingEventOf<T> => event.eventType === eventType;

/**
 * A core-banking document as raw JSON, for one that breaks the contract: any field set by its
 * dotted path (`payload.customer.phone`), or removed with `undefined`. It builds a document, never
 * an event: what it holds need not be one.
 */
export class CoreBankingDocumentBuilder {
  constructor(private readonly document: Json) {}

  with(path: string, value: unknown): this {
    const parts = path.split('.');
    let target = this.document;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Json;
    const last = parts[parts.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
    return this;
  }

  buildDocument(): Json {
    return structuredClone(this.document);
  }
}

interface Envelope {
  eventId: string;
  occurredAt: string;
  source: string;
  loanId: string;
  sequence: number;
}

/**
 * A valid core-banking event of one type: `build()` returns it typed, checked against the contract
 * (a typed setter given a value the contract refuses throws there, naming the field).
 * `buildDocument()` and `with(path, value)` are the ways to a document that breaks the contract.
 */
abstract class EventBuilder<T extends CoreBankingEventType> {
  protected readonly envelope: Envelope;

  protected constructor(
    private readonly eventType: T,
    protected readonly payload: CoreBankingEventOf<T>['payload'],
  ) {
    this.envelope = { eventId: randomUUID(), occurredAt: '2026-11-28T23:05:00+08:00', source: 'core-banking', loanId: aLoanId(), sequence: 1 };
  }

  withEventId(eventId: string): this {
    this.envelope.eventId = eventId;
    return this;
  }
  forLoan(loanId: string): this {
    this.envelope.loanId = loanId;
    return this;
  }
  withSequence(sequence: number): this {
    this.envelope.sequence = sequence;
    return this;
  }
  occurredAt(at: string): this {
    this.envelope.occurredAt = at;
    return this;
  }

  /** Leaves the typed event: this document with any field set by its dotted path, or removed with `undefined`. */
  with(path: string, value: unknown): CoreBankingDocumentBuilder {
    return new CoreBankingDocumentBuilder(this.buildDocument()).with(path, value);
  }

  build(): CoreBankingEventOf<T> {
    const checked = validateCoreBankingEvent(this.buildDocument());
    if (!checked.ok) {
      const errors = checked.errors.map((e) => `${e.path} ${e.message}`).join('; ');
      throw new Error(`not a valid ${this.eventType}: ${errors} (buildDocument() builds a document that breaks the contract)`);
    }
    if (!isOfType(checked.event, this.eventType)) throw new Error(`built a ${checked.event.eventType}, not a ${this.eventType}`);
    return checked.event;
  }

  /** The document as it stands, valid or not. */
  buildDocument(): Json {
    const { eventId, occurredAt, source, loanId, sequence } = this.envelope;
    return structuredClone({ eventId, eventType: this.eventType, schemaVersion: 1, occurredAt, source, loanId, sequence, payload: this.payload });
  }

  get loanId(): string {
    return this.envelope.loanId;
  }
  get eventId(): string {
    return this.envelope.eventId;
  }
}

export class LoanOverdueBuilder extends EventBuilder<'LoanOverdue'> {
  constructor() {
    super('LoanOverdue', {
      customer: {
        customerId: 'C-88231',
        fullName: '王小明',
        phone: '+8613800138000',
        timezone: 'Asia/Shanghai',
        locale: 'zh-CN',
        jurisdiction: 'CN',
        address: { province: '河南省', city: '郑州市', line1: '金水路 1 号', postalCode: '450000' },
      },
      product: 'INSTALLMENT_LOAN',
      currency: 'CNY',
      creditLimit: '20000.00',
      outstandingBalance: '12850.40',
      overdueAmount: '1712.35',
      daysPastDue: 17,
      dueDate: '2026-11-11',
      history: [
        { month: '2026-10', repaymentStatus: 1, billAmount: '1712.35', paidAmount: '0.00' },
        { month: '2026-09', repaymentStatus: -1, billAmount: '1712.35', paidAmount: '1712.35' },
      ],
      bureauScore: 612,
    });
  }
  withDaysPastDue(days: number): this {
    this.payload.daysPastDue = days;
    return this;
  }
  withCustomer(customer: Partial<LoanOverduePayloadV1['customer']>): this {
    Object.assign(this.payload.customer, customer);
    return this;
  }
  withAmounts(outstandingBalance: string, overdueAmount: string): this {
    this.payload.outstandingBalance = outstandingBalance;
    this.payload.overdueAmount = overdueAmount;
    return this;
  }
  withHistory(history: HistoryEntryV1[]): this {
    this.payload.history = history;
    return this;
  }
}

export class PaymentReceivedBuilder extends EventBuilder<'PaymentReceived'> {
  constructor() {
    super('PaymentReceived', {
      customerId: 'C-88231',
      amount: '500.00',
      currency: 'CNY',
      paidAt: '2026-11-29T10:15:00+08:00',
      method: 'WECHAT_PAY',
      reference: `PAY-${randomUUID()}`,
    });
  }
  forCustomer(customerId: string): this {
    this.payload.customerId = customerId;
    return this;
  }
  withAmount(amount: string): this {
    this.payload.amount = amount;
    return this;
  }
  withCurrency(currency: string): this {
    this.payload.currency = currency;
    return this;
  }
  withReference(reference: string): this {
    this.payload.reference = reference;
    return this;
  }
}

export class LoanClosedBuilder extends EventBuilder<'LoanClosed'> {
  constructor() {
    super('LoanClosed', { reason: 'PAID_OFF' });
  }
}

export class CustomerFlaggedBuilder extends EventBuilder<'CustomerFlagged'> {
  constructor() {
    super('CustomerFlagged', { customerId: 'C-88231', flag: 'VULNERABLE', active: true });
  }
  withFlag(flag: CustomerFlag, active = true, until?: string): this {
    this.payload.flag = flag;
    this.payload.active = active;
    if (until) this.payload.until = until;
    return this;
  }
}

export const aLoanOverdue = () => new LoanOverdueBuilder();
export const aPaymentReceived = () => new PaymentReceivedBuilder();
export const aLoanClosed = () => new LoanClosedBuilder();
export const aCustomerFlagged = () => new CustomerFlaggedBuilder();
