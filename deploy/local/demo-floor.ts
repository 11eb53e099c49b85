/**
 * The demo day's collections floor, through the services' public APIs only: agents take voice
 * tasks, dial them (the guard judges each call as it is made) and record outcomes (promises to pay
 * among them), debtors accept instalment plans and pay them (payments arrive as core-banking events
 * through ingestion), a few debtors pay in full, and a few complain. Deterministic choices (every
 * k-th loan), so a summary can be compared run to run.
 */
import type { DemoDay } from '@clearpath/testing';
import { fromMinorUnits, toMinorUnits, type Jurisdiction, type Locale } from '@clearpath/contracts';
import { URLS, api } from './demo-api';

export interface FloorReport {
  outcomes: number;
  promises: number;
  /** Voice tasks the guard refused at the dial (409): not called, no outcome. */
  refusedAtDial: number;
  plans: number;
  payments: number;
  paidInFull: number;
  complaints: number;
}

interface Loan {
  loanId: string;
  customerId: string;
  jurisdiction: Jurisdiction;
  locale: Locale;
  currency: string;
  overdue: string;
}

const AGENT = 'dev-agent-key';
/** The demo's replay of the core-banking feed (payments), and the tooling that files complaints as another service would. */
const FEED = 'dev-demo-replayer-key';
const SERVICE = 'dev-service-key';

const COMPLAINTS: ReadonlyArray<{ text: string; locale: Loan['locale'] }> = [
  { text: '催收员一天打了十几个电话，还威胁说要上门收拾我，这是骚扰。', locale: 'zh-CN' },
  { text: 'Your collector called my employer and told my manager about my debt.', locale: 'en-US' },
  { text: 'The amount in your message is wrong: I already paid the October instalment.', locale: 'en-GB' },
  { text: '我失业了，家里还有老人要照顾，实在没有能力一次还清，希望能分期。', locale: 'zh-CN' },
  { text: 'You charged me a late fee twice for the same month.', locale: 'en-US' },
];

export async function simulateFloor(day: DemoDay): Promise<FloorReport> {
  const report: FloorReport = { outcomes: 0, promises: 0, refusedAtDial: 0, plans: 0, payments: 0, paidInFull: 0, complaints: 0 };
  const loans = loansOf(day);
  const byId = new Map(loans.map((l) => [l.loanId, l]));

  // Agents work the voice queue: one task each, dialled, an outcome each; every third call ends in a promise.
  // The dial is judged at that instant: a refused one (409) already put the task back, let it lapse or
  // cancelled it, so it is not the agent's to complete any more.
  for (let i = 0; i < 12; i++) {
    const task = await api<{ taskId: string }>(`${URLS.contact}/v1/queues/voice/next`, AGENT);
    if (task.status !== 200) break;
    const dialled = await api<{ attemptId: string; loanId: string }>(`${URLS.contact}/v1/queues/tasks/${task.body.taskId}/dial`, AGENT, { method: 'POST' });
    if (dialled.status === 409) report.refusedAtDial++;
    if (dialled.status !== 200) continue;
    const loan = byId.get(dialled.body.loanId);
    const outcome =
      i % 3 === 0 && loan
        ? { outcome: 'promise-to-pay', amount: half(loan.overdue), date: inDays(3) }
        : i % 3 === 1
          ? { outcome: 'reached-right-party' }
          : { outcome: 'no-answer' };
    const recorded = await api(`${URLS.contact}/v1/contacts/${dialled.body.attemptId}/outcome`, AGENT, { method: 'POST', body: JSON.stringify(outcome) });
    if (recorded.status === 201) {
      report.outcomes++;
      if (outcome.outcome === 'promise-to-pay') report.promises++;
    }
    await api(`${URLS.contact}/v1/queues/tasks/${task.body.taskId}/complete`, AGENT, { method: 'POST' });
  }

  // Debtors reached by SMS who promise to pay (recorded by an agent after a call back).
  for (const loan of loans.filter((_, i) => i % 250 === 7).slice(0, 30)) {
    const attempt = await firstSent(loan.loanId, 'SMS');
    if (attempt === null) continue;
    const recorded = await api(`${URLS.contact}/v1/contacts/${attempt}/outcome`, AGENT, {
      method: 'POST',
      body: JSON.stringify({ outcome: 'promise-to-pay', amount: half(loan.overdue), date: inDays(5) }),
    });
    if (recorded.status === 201) {
      report.outcomes++;
      report.promises++;
    }
  }

  // Debtors who accept an instalment plan; a third pay their first instalment, a few pay everything.
  const planned = loans.filter((_, i) => i % 250 === 11).slice(0, 30);
  let sequence = 300;
  for (const [i, loan] of planned.entries()) {
    const offers = await api<{ offers: Array<{ offerId: string; kind: string; schedule: Array<{ amount: string }> }> }>(
      `${URLS.plans}/v1/cases/${loan.loanId}/offers`,
      AGENT,
    );
    const offer = offers.status === 200 ? offers.body.offers.find((o) => o.kind === 'INSTALMENT') : undefined;
    if (offer === undefined) continue;
    const plan = await api<{ planId: string; status: string; schedule: Array<{ amount: string }> }>(`${URLS.plans}/v1/plans`, AGENT, {
      method: 'POST',
      body: JSON.stringify({ loanId: loan.loanId, offerId: offer.offerId }),
    });
    if (plan.status !== 201) continue;
    report.plans++;
    if (i % 3 !== 0) continue;
    const full = i % 9 === 0;
    const amount = full ? plan.body.schedule.reduce((sum, s) => addDecimal(sum, s.amount), '0.00') : plan.body.schedule[0]!.amount;
    const paid = await api(`${URLS.ingestion}/v1/loan-events`, FEED, { method: 'POST', body: JSON.stringify({ events: [payment(loan, amount, ++sequence)] }) });
    if (paid.status === 202) {
      report.payments++;
      if (full) report.paidInFull++;
    }
  }

  // A few complaints, from the self-service page, the phone and a regulator's referral.
  const complainants = loans.filter((_, i) => i % 997 === 3).slice(0, COMPLAINTS.length);
  for (const [i, loan] of complainants.entries()) {
    const c = COMPLAINTS[i]!;
    const attempt = await firstSent(loan.loanId);
    const filed = await api(`${URLS.complaints}/v1/complaints`, SERVICE, {
      method: 'POST',
      // A second replay of the demo day files no second complaint.
      headers: { 'idempotency-key': `demo-day-${loan.loanId}-${i}` },
      body: JSON.stringify({
        loanId: loan.loanId,
        customerId: loan.customerId,
        source: i === 4 ? 'REGULATOR_REFERRAL' : i % 2 === 0 ? 'DEBTOR_SELF_SERVICE' : 'AGENT_PHONE',
        channel: i === 4 ? 'REGULATOR' : i % 2 === 0 ? 'WEB' : 'PHONE',
        text: c.text,
        locale: loan.locale,
        attemptIds: attempt === null ? [] : [attempt],
      }),
    });
    if (filed.status === 201 || filed.status === 200) report.complaints++;
  }
  return report;
}

function loansOf(day: DemoDay): Loan[] {
  const seen = new Map<string, Loan>();
  for (const d of day.kafka) {
    if (d.eventType !== 'LoanOverdue' || seen.has(String(d.loanId))) continue;
    const p = d.payload as {
      customer: { customerId: string; jurisdiction: Loan['jurisdiction']; locale: Loan['locale'] };
      currency: string;
      overdueAmount: string;
    };
    seen.set(String(d.loanId), {
      loanId: String(d.loanId),
      customerId: p.customer.customerId,
      jurisdiction: p.customer.jurisdiction,
      locale: p.customer.locale,
      currency: p.currency,
      overdue: p.overdueAmount,
    });
  }
  return [...seen.values()];
}

/** The loan's first contact that went out (on `channel`, if given). */
async function firstSent(loanId: string, channel?: string): Promise<string | null> {
  const { status, body } = await api<{ attempts: Array<{ attemptId: string; channel: string; status: string }> }>(
    `${URLS.contact}/v1/cases/${loanId}/contacts`,
    AGENT,
  );
  if (status !== 200) return null;
  return body.attempts.find((a) => (a.status === 'sent' || a.status === 'delivered') && (channel === undefined || a.channel === channel))?.attemptId ?? null;
}

function payment(loan: Loan, amount: string, sequence: number): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    eventId: crypto.randomUUID(),
    eventType: 'PaymentReceived',
    schemaVersion: 1,
    occurredAt: now,
    source: 'core-banking',
    loanId: loan.loanId,
    sequence,
    payload: {
      customerId: loan.customerId,
      amount,
      currency: loan.currency,
      paidAt: now,
      method: loan.jurisdiction === 'CN' ? 'ALIPAY' : 'CARD',
      reference: `DEMO-${loan.loanId}-${sequence}`,
    },
  };
}

const addDecimal = (a: string, b: string): string => fromMinorUnits(toMinorUnits(a) + toMinorUnits(b));
const half = (amount: string): string => fromMinorUnits((toMinorUnits(amount) + 1n) / 2n);
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
