import { expectEventually, testDb } from '@clearpath/testing';
import { COMPLIANCE, SUPERVISOR, complaintsHarness } from './complaints.harness';

/**
 * When a complaint was received, as opposed to when it was logged, and the acknowledgement
 * deadline that runs from it — on the real Kafka and PostgreSQL, in a schema of its own so the
 * sweep's counts here are this file's complaints only (each test withdraws what it leaves open).
 */
const h = complaintsHarness({ schema: 'complaints_receipt_it', startAt: '2026-12-04T02:00:00Z' });
const { clock, call, schema: S } = h;
const DAY_MS = 86_400_000;
const NONE = { reminders: 0, breaches: 0, acknowledgementReminders: 0, acknowledgementBreaches: 0 };

beforeAll(() => h.start());
afterAll(() => h.stop());

async function loanKnown(loanId: string, facts: { sequence?: number; knownSince?: string } = {}) {
  await expectEventually(async () => {
    const { rows } = await testDb().query(
      `SELECT loan_sequence::int AS sequence, to_char(known_since, 'YYYY-MM-DD') AS "knownSince" FROM ${S}.loans WHERE loan_id = $1`,
      [loanId],
    );
    expect(rows).toEqual([expect.objectContaining({ sequence: facts.sequence ?? 1, ...(facts.knownSince ? { knownSince: facts.knownSince } : {}) })]);
  });
}

const intakeFor = (loan: { loanId: string; customerId: string; locale: string }, text = 'The late fee was charged twice this month.') => ({
  loanId: loan.loanId,
  customerId: loan.customerId,
  source: 'STAFF',
  channel: 'LETTER',
  text,
  locale: loan.locale,
  attemptIds: [],
});

const withdraw = async (...ids: string[]) => {
  for (const id of ids) expect((await call('POST', `/v1/complaints/${id}/status`, COMPLIANCE, { status: 'withdrawn' })).status).toBe(200);
};

const history = async (id: string) =>
  (await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body.history as Array<{ action: string; details: Record<string, unknown> }>;

it('a complaint received three days before it was logged has its deadlines three days earlier, and shows both times', async () => {
  clock.set('2026-12-04T02:00:00Z'); // 10:00 on Friday 4 December in Shanghai
  const loan = await h.aLoan('CN');
  await loanKnown(loan.loanId);

  const atLogging = await call('POST', '/v1/complaints', COMPLIANCE, intakeFor(loan));
  // A letter dated Tuesday, opened today: received 10:00 on 1 December, Shanghai time.
  const byLetter = await call('POST', '/v1/complaints', COMPLIANCE, { ...intakeFor(loan), receivedAt: '2026-12-01T10:00:00+08:00' });
  expect([atLogging.status, byLetter.status]).toEqual([201, 201]);

  expect(atLogging.body).toMatchObject({
    receivedAt: '2026-12-04T02:00:00.000Z',
    loggedAt: '2026-12-04T02:00:00.000Z',
    deadlines: {
      days: 15,
      localDate: '2026-12-19',
      deadlineAt: '2026-12-19T15:59:59.999Z',
      acknowledgement: { localDate: '2026-12-05', deadlineAt: '2026-12-05T15:59:59.999Z' },
    },
  });
  expect(byLetter.body).toMatchObject({
    receivedAt: '2026-12-01T02:00:00.000Z',
    loggedAt: '2026-12-04T02:00:00.000Z',
    deadlines: {
      days: 15,
      localDate: '2026-12-16',
      deadlineAt: '2026-12-16T15:59:59.999Z',
      reminderAt: '2026-12-12T16:00:00.000Z',
      acknowledgement: { localDate: '2026-12-02', deadlineAt: '2026-12-02T15:59:59.999Z' },
    },
  });
  expect(Date.parse(atLogging.body.deadlines.deadlineAt) - Date.parse(byLetter.body.deadlines.deadlineAt)).toBe(3 * DAY_MS);
  const id = byLetter.body.complaintId as string;

  // Stored as such, published with the earlier deadline, and the history says both times.
  const { rows } = await testDb().query(`SELECT received_at, logged_at FROM ${S}.complaints WHERE complaint_id = $1`, [id]);
  expect(rows).toEqual([{ received_at: new Date('2026-12-01T02:00:00Z'), logged_at: new Date('2026-12-04T02:00:00Z') }]);
  const published = await expectEventually(() => {
    const seen = h.statusEvents(loan.loanId).filter((e) => e.payload.complaintId === id);
    expect(seen).toHaveLength(1);
    return seen[0].payload;
  });
  expect(published).toMatchObject({ status: 'received', deadlineAt: '2026-12-16T15:59:59.999Z', changedAt: '2026-12-04T02:00:00.000Z' });
  expect((await history(id))[0]).toMatchObject({
    action: 'received',
    details: {
      receivedAt: '2026-12-01T02:00:00.000Z',
      loggedAt: '2026-12-04T02:00:00.000Z',
      acknowledgementDeadlineAt: '2026-12-02T15:59:59.999Z',
      deadlineAt: '2026-12-16T15:59:59.999Z',
    },
  });

  // An extension counts from the receipt too: 1 December + 30 days.
  const extended = await call('POST', `/v1/complaints/${id}/extend`, COMPLIANCE, { toDays: 30, reason: 'needs the collector’s call recordings' });
  expect(extended.body.deadlines).toMatchObject({ days: 30, localDate: '2026-12-31' });

  // Its acknowledgement was due by the end of 2 December, before it was even logged: the next sweep
  // records the breach at once (no reminder first); the other complaint has until the end of tomorrow.
  expect(await h.tick()).toEqual({ ...NONE, acknowledgementBreaches: 1 });
  expect((await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body.deadlines.acknowledgement).toMatchObject({
    reminderSentAt: null,
    breachedAt: '2026-12-04T02:00:00.000Z',
  });
  await withdraw(id, atLogging.body.complaintId as string);
});

it('refuses a receivedAt in the future or before the loan existed, naming receivedAt', async () => {
  clock.set('2026-12-04T02:00:00Z');
  const builder = h.newLoan().inJurisdiction('GB').dueOn('2026-11-14').withStatementsFrom('2026-09', '2026-10');
  const loan = await h.publishLoan(builder);
  // A later event whose history no longer shows September: what complaints once knew, it keeps.
  await h.publishLoan(builder.withSequence(2).withStatementsFrom('2026-10'));
  await loanKnown(loan.loanId, { sequence: 2, knownSince: '2026-09-01' });

  const refused = async (receivedAt: string, message: RegExp) => {
    const r = await call('POST', '/v1/complaints', COMPLIANCE, { ...intakeFor(loan), receivedAt });
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body.errors).toEqual([{ path: 'receivedAt', message: expect.stringMatching(message) }]);
  };
  await refused('2026-12-04T02:10:00Z', /future/);
  await refused('2026-08-31T23:30:00+01:00', /before the loan existed.*2026-09-01/);
  await refused('yesterday', /ISO-8601/);
  await refused('2026-12-01T10:00:00', /offset/);

  // Two minutes ahead is clock skew: taken as now. The first day the loan is known by is accepted.
  const skewed = await call('POST', '/v1/complaints', COMPLIANCE, { ...intakeFor(loan), receivedAt: '2026-12-04T02:02:00Z' });
  expect(skewed.status).toBe(201);
  expect(skewed.body).toMatchObject({ receivedAt: '2026-12-04T02:00:00.000Z', loggedAt: '2026-12-04T02:00:00.000Z' });
  expect((await history(skewed.body.complaintId as string))[0].details).toMatchObject({
    receivedAt: '2026-12-04T02:00:00.000Z',
    receivedAtGiven: '2026-12-04T02:02:00.000Z',
  });
  const firstDay = await call('POST', '/v1/complaints', COMPLIANCE, { ...intakeFor(loan), receivedAt: '2026-09-01T00:30:00+01:00' });
  expect(firstDay.status).toBe(201);
  expect(firstDay.body.receivedAt).toBe('2026-08-31T23:30:00.000Z');
  expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.complaints WHERE loan_id = $1`, [loan.loanId])).rows[0].n).toBe(2);

  // A loan complaints has not heard of: nothing to compare with, so any past receipt is accepted.
  const unknownLoan = { loanId: `LN-UNKNOWN-${h.run}`, customerId: 'C-UNKNOWN', locale: 'en-GB' };
  const unknown = await call('POST', '/v1/complaints', SUPERVISOR, { ...intakeFor(unknownLoan), jurisdiction: 'GB', receivedAt: '2026-01-05T09:00:00Z' });
  expect(unknown.status).toBe(201);
  expect(unknown.body.deadlines.localDate).toBe('2026-03-02');
  await withdraw(skewed.body.complaintId as string, firstDay.body.complaintId as string, unknown.body.complaintId as string);
});

it('the acknowledgement sweep records one reminder and one breach, however often it runs; acknowledging in time prevents the breach', async () => {
  clock.set('2026-12-01T10:00:00Z'); // Tuesday, 10:00 in London
  const loan = await h.aLoan('GB');
  await loanKnown(loan.loanId);
  const open = async (text: string) => {
    const r = await call('POST', '/v1/complaints', COMPLIANCE, intakeFor(loan, text));
    expect(r.status).toBe(201);
    return r.body;
  };
  const late = await open('Nobody answered my letter about the fee.');
  const inTime = await open('The fee on my statement is wrong.');
  const withdrawn = await open('I was called at work.');
  expect(late.deadlines.acknowledgement).toEqual({
    localDate: '2026-12-02',
    deadlineAt: '2026-12-02T23:59:59.999Z',
    reminderAt: '2026-12-02T00:00:00.000Z',
    reminderSentAt: null,
    breachedAt: null,
  });
  await withdraw(withdrawn.complaintId);

  expect(await h.tick()).toEqual(NONE);
  clock.set('2026-12-02T00:00:00Z');
  expect(await h.tick()).toEqual({ ...NONE, acknowledgementReminders: 2 });
  expect(await h.tick()).toEqual(NONE);

  clock.set('2026-12-02T09:00:00Z');
  const acknowledged = await call('POST', `/v1/complaints/${inTime.complaintId}/status`, COMPLIANCE, { status: 'acknowledged' });
  expect(acknowledged.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-12-02T09:00:00.000Z' });

  clock.set('2026-12-02T23:59:59.999Z'); // the deadline's last millisecond is still in time
  expect(await h.tick()).toEqual(NONE);
  clock.set('2026-12-03T00:00:00Z');
  expect(await h.tick()).toEqual({ ...NONE, acknowledgementBreaches: 1 });
  expect(await h.tick()).toEqual(NONE);
  // A late acknowledgement is still taken (and recorded as late); the breach is not repeated.
  clock.set('2026-12-03T08:30:00Z');
  expect((await call('POST', `/v1/complaints/${late.complaintId}/status`, COMPLIANCE, { status: 'acknowledged' })).status).toBe(200);
  expect(await h.tick()).toEqual(NONE);

  const lateDetail = (await call('GET', `/v1/complaints/${late.complaintId}`, COMPLIANCE)).body;
  expect(lateDetail.deadlines.acknowledgement).toMatchObject({ reminderSentAt: '2026-12-02T00:00:00.000Z', breachedAt: '2026-12-03T00:00:00.000Z' });
  expect(lateDetail.history.map((e: { action: string }) => e.action)).toEqual([
    'received',
    'acknowledgement-reminder',
    'acknowledgement-breached',
    'acknowledged',
  ]);
  expect(lateDetail.history[3].details).toEqual({ acknowledgementDeadlineAt: '2026-12-02T23:59:59.999Z', inTime: false });
  const inTimeDetail = (await call('GET', `/v1/complaints/${inTime.complaintId}`, COMPLIANCE)).body;
  expect(inTimeDetail.deadlines.acknowledgement).toMatchObject({ reminderSentAt: '2026-12-02T00:00:00.000Z', breachedAt: null });
  expect(inTimeDetail.history.map((e: { action: string; details: unknown }) => [e.action, e.details])).toEqual([
    ['received', expect.anything()],
    ['acknowledgement-reminder', { deadlineAt: '2026-12-02T23:59:59.999Z' }],
    ['acknowledged', { acknowledgementDeadlineAt: '2026-12-02T23:59:59.999Z', inTime: true }],
  ]);
  const withdrawnDetail = (await call('GET', `/v1/complaints/${withdrawn.complaintId}`, COMPLIANCE)).body;
  expect(withdrawnDetail.history.map((e: { action: string }) => e.action)).toEqual(['received', 'withdrawn']);

  // On the topic as ComplaintAcknowledgementDeadline (never as the final answer's ComplaintDeadline):
  // two reminders and one breach, once each.
  await expectEventually(() =>
    expect(h.statusEvents(loan.loanId).map((e) => e.payload.status)).toEqual(['received', 'received', 'received', 'withdrawn', 'acknowledged', 'acknowledged']),
  );
  await expectEventually(() =>
    expect(
      h
        .events(loan.loanId, 'ComplaintAcknowledgementDeadline')
        .map((e) => [
          (e.payload as { complaintId: string }).complaintId,
          (e.payload as { kind: string }).kind,
          (e.payload as { deadlineAt: string }).deadlineAt,
        ])
        .sort(),
    ).toEqual(
      [
        [inTime.complaintId, 'reminder', '2026-12-02T23:59:59.999Z'],
        [late.complaintId, 'reminder', '2026-12-02T23:59:59.999Z'],
        [late.complaintId, 'breached', '2026-12-02T23:59:59.999Z'],
      ].sort(),
    ),
  );
  expect(h.events(loan.loanId, 'ComplaintDeadline')).toEqual([]);
  await withdraw(late.complaintId, inTime.complaintId);
});
