import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

let loanCounter = 0;
/** A loan id unique to this test process, so tests sharing a broker never see each other's loans. */
export function aLoanId(prefix = 'LN-T'): string {
  loanCounter++;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${loanCounter}`;
}

abstract class EventBuilder<Self extends EventBuilder<Self>> {
  protected envelope: Json;
  protected payload: Json;

  protected constructor(eventType: string, payload: Json) {
    this.envelope = {
      eventId: randomUUID(),
      eventType,
      schemaVersion: 1,
      occurredAt: '2026-11-28T23:05:00+08:00',
      source: 'core-banking',
      loanId: aLoanId(),
      sequence: 1,
    };
    this.payload = payload;
  }

  withEventId(eventId: string): Self {
    this.envelope.eventId = eventId;
    return this as unknown as Self;
  }
  forLoan(loanId: string): Self {
    this.envelope.loanId = loanId;
    return this as unknown as Self;
  }
  withSequence(sequence: number): Self {
    this.envelope.sequence = sequence;
    return this as unknown as Self;
  }
  occurredAt(at: string): Self {
    this.envelope.occurredAt = at;
    return this as unknown as Self;
  }
  /** Sets any field by dotted path (`payload.customer.phone`), or removes it with `undefined`. */
  with(path: string, value: unknown): Self {
    const doc: Json = { ...this.envelope, payload: this.payload };
    const parts = path.split('.');
    let target = doc;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Json;
    const last = parts[parts.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
    const { payload, ...envelope } = doc;
    this.envelope = envelope;
    this.payload = payload as Json;
    return this as unknown as Self;
  }
  build(): Json {
    const doc: Json = { ...this.envelope };
    if (this.payload !== undefined) doc.payload = this.payload;
    return structuredClone(doc);
  }
  get loanId(): string {
    return this.envelope.loanId as string;
  }
  get eventId(): string {
    return this.envelope.eventId as string;
  }
}

export class LoanOverdueBuilder extends EventBuilder<LoanOverdueBuilder> {
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
  withCustomer(customer: Partial<{ customerId: string; fullName: string; phone: string; email: string; timezone: string; locale: string; jurisdiction: string }>): this {
    Object.assign(this.payload.customer as Json, customer);
    return this;
  }
  withAmounts(outstandingBalance: string, overdueAmount: string): this {
    this.payload.outstandingBalance = outstandingBalance;
    this.payload.overdueAmount = overdueAmount;
    return this;
  }
}

export class PaymentReceivedBuilder extends EventBuilder<PaymentReceivedBuilder> {
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
  withAmount(amount: string): this {
    this.payload.amount = amount;
    return this;
  }
  withReference(reference: string): this {
    this.payload.reference = reference;
    return this;
  }
}

export class LoanClosedBuilder extends EventBuilder<LoanClosedBuilder> {
  constructor() {
    super('LoanClosed', { reason: 'PAID_OFF' });
  }
}

export class CustomerFlaggedBuilder extends EventBuilder<CustomerFlaggedBuilder> {
  constructor() {
    super('CustomerFlagged', { customerId: 'C-88231', flag: 'VULNERABLE', active: true });
  }
  withFlag(flag: string, active = true, until?: string): this {
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
