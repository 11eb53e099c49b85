import { randomUUID } from 'node:crypto';
import { TOPICS } from '@clearpath/contracts';
import { PersonalDataVault, createServiceDataSource, parseMasterKeys } from '@clearpath/persistence';
import { type ContactAttemptRecordedBuilder, aContactAttemptRecorded, aPromiseStatusChanged, expectEventually, testDb, testStack } from '@clearpath/testing';
import { COMPLIANCE, SUPERVISOR, complaintsHarness } from './complaints.harness';

/**
 * complaints on the real Kafka and PostgreSQL, in-process with a manual clock: loans, contact
 * attempts and promises come in from Kafka, complaints through the API, status events and deadline
 * reminders go out through the outbox; the deadline sweep is driven with `tick(clock.now())`.
 */
// 2026-12-01 10:00 in Shanghai.
const h = complaintsHarness({ schema: 'complaints_it', startAt: '2026-12-01T02:00:00Z' });
const { clock, run, schema: S, call, send, aLoan, statusEvents } = h;

/** Ingestion's side of the key store (it erases customers), on the admin connection. */
const keyStore = createServiceDataSource({ url: testStack.databaseUrl, schema: S, migrations: [], poolSize: 1 });
const SEALED = /^pd1\.[1-9][0-9]*\.[A-Za-z0-9_-]+$/;

beforeAll(async () => {
  await h.start();
  await keyStore.initialize();
});
afterAll(async () => {
  await keyStore.destroy();
  await h.stop();
});

/** An attempt on the loan as contact-orchestration publishes it: a voice reminder sent at 11:00 Shanghai on 30 November. */
const anAttempt = (loan: { loanId: string; customerId: string }, attemptId: string) =>
  aContactAttemptRecorded().forCase(loan).forAttempt(attemptId).occurredAt('2026-11-30T03:00:00.000Z');
const sendAttempt = (attempt: ContactAttemptRecordedBuilder) => send(TOPICS.contactAttempts.name, attempt.loanId, attempt.build());
/** A complaint about the loan an agent takes on the phone, in Chinese, about no attempt unless `more` names some. */
const byPhone = (loan: { loanId: string; customerId: string }, text: string, more: Record<string, unknown> = {}) => ({
  loanId: loan.loanId,
  customerId: loan.customerId,
  source: 'AGENT_PHONE',
  channel: 'PHONE',
  text,
  locale: 'zh-CN',
  attemptIds: [],
  ...more,
});

it('a harassment complaint stops all contact at once, shows the evidence, and is resolved with a zh-CN letter', async () => {
  const loan = await aLoan('CN');
  const [called, blocked] = [randomUUID(), randomUUID()];
  await sendAttempt(anAttempt(loan, called).withRuleIds('hours', 'voice-conversations-per-day'));
  await sendAttempt(anAttempt(loan, called).withOutcome('refused').byAgent('agent-7').occurredAt('2026-11-30T03:05:00.000Z'));
  await sendAttempt(anAttempt(loan, blocked).atStage('blocked').withRuleIds('voice-conversations-per-day').occurredAt('2026-11-30T05:00:00.000Z'));
  await expectEventually(async () => {
    const { rows } = await testDb().query(
      `SELECT (SELECT count(*)::int FROM ${S}.contact_attempt_events WHERE loan_id = $1) AS attempts, (SELECT count(*)::int FROM ${S}.loans WHERE loan_id = $1) AS loans`,
      [loan.loanId],
    );
    expect(rows[0]).toEqual({ attempts: 3, loans: 1 });
  });

  // No category, no jurisdiction: the classifier suggests one, the loan tells where the debtor lives.
  const text = '你们的催收员一天打了二十多个电话，还在电话里骂我是老赖，我的手机号 +8613800138000';
  const created = await call('POST', '/v1/complaints', 'test-agent-key', byPhone(loan, text, { attemptIds: [called] }));
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    status: 'received',
    category: 'HARASSMENT',
    categorySource: 'classifier',
    severity: 'HIGH',
    contactSuspension: 'ALL_CONTACT',
    jurisdiction: 'CN',
    timezone: 'Asia/Shanghai',
  });
  expect(created.body.suggestion.confidence).toBeGreaterThan(0.5);
  // 1 Dec + 15 days, end of the day in Shanghai.
  expect(created.body.deadlines).toMatchObject({ days: 15, localDate: '2026-12-16', deadlineAt: '2026-12-16T15:59:59.999Z', extendableTo: [30, 60] });
  expect(created.body.text).toBeUndefined();
  const id = created.body.complaintId as string;

  const [opened] = await expectEventually(() => {
    const seen = statusEvents(loan.loanId);
    expect(seen).toHaveLength(1);
    return h.published(loan.loanId);
  });
  expect(opened.json<{ payload: unknown }>().payload).toMatchObject({
    complaintId: id,
    status: 'received',
    previousStatus: null,
    category: 'HARASSMENT',
    contactSuspension: 'ALL_CONTACT',
    attemptIds: [called],
    agentIds: ['agent-7'],
    outcome: null,
  });
  // Personal data never on the topic.
  expect(opened.value.toString()).not.toContain('老赖');
  expect(opened.value.toString()).not.toContain('8613800138000');

  const detail = await call('GET', `/v1/complaints/${id}`, COMPLIANCE);
  expect(detail.status).toBe(200);
  expect(detail.body.text).toBe(text);
  expect(detail.body.customerId).toBe(loan.customerId);
  expect(detail.body.evidence.map((e: { attemptId: string }) => e.attemptId)).toEqual([called, blocked]);
  expect(detail.body.evidence[0]).toMatchObject({ named: true, channel: 'VOICE', agentId: 'agent-7' });
  expect(detail.body.evidence[0].stages.map((s: { stage: string }) => s.stage)).toEqual(['sent', 'outcome']);
  expect(detail.body.evidence[0].stages[0].ruleIds).toEqual(['hours', 'voice-conversations-per-day']);
  expect(detail.body.evidence[1]).toMatchObject({ named: false, stages: [{ stage: 'blocked', ruleIds: ['voice-conversations-per-day'] }] });
  const masked = await call('GET', `/v1/complaints?loanId=${loan.loanId}`, SUPERVISOR);
  expect(masked.body.complaints).toHaveLength(1);
  expect(masked.body.complaints[0].customerId).not.toBe(loan.customerId);
  expect(masked.body.complaints[0].customerId).toMatch(/^C-\*{4}/);
  expect(masked.body.complaints[0].text).toBeUndefined();

  // Resolving before investigating is an illegal transition.
  const early = await call('POST', `/v1/complaints/${id}/resolve`, COMPLIANCE, { outcome: 'UPHELD', remedies: ['APOLOGY'] });
  expect(early.status).toBe(409);
  expect(early.contentType).toContain('application/problem+json');
  expect((await call('POST', `/v1/complaints/${id}/status`, COMPLIANCE, { status: 'acknowledged' })).status).toBe(200);
  expect((await call('POST', `/v1/complaints/${id}/status`, COMPLIANCE, { status: 'investigating' })).status).toBe(200);
  clock.advance(3 * 86_400_000);
  const resolved = await call('POST', `/v1/complaints/${id}/resolve`, COMPLIANCE, {
    outcome: 'UPHELD',
    remedies: ['APOLOGY', 'COLLECTOR_RETRAINING'],
    summary: 'call recordings confirm abusive language',
  });
  expect(resolved.status).toBe(200);
  expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'UPHELD', hasLetter: true });

  const events = await expectEventually(() => {
    const seen = statusEvents(loan.loanId);
    expect(seen).toHaveLength(4);
    return seen;
  });
  expect(events.map((e) => e.payload.status)).toEqual(['received', 'acknowledged', 'investigating', 'resolved']);
  expect(events[3].payload).toMatchObject({ previousStatus: 'investigating', outcome: 'UPHELD', contactSuspension: 'ALL_CONTACT' });

  const letter = await call('GET', `/v1/complaints/${id}/letter`, COMPLIANCE);
  expect(letter.status).toBe(200);
  expect(letter.body.locale).toBe('zh-CN');
  expect(letter.body.body).toContain('投诉成立');
  expect(letter.body.body).toContain('12378');
  expect(letter.body.body).toContain('2026年12月1日');

  const history = (await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body.history as Array<{ action: string; details: Record<string, unknown> }>;
  expect(history.map((e) => e.action)).toEqual(['received', 'acknowledged', 'investigating', 'resolved']);
  expect(history[3].details).toMatchObject({ outcome: 'UPHELD', summary: 'call recordings confirm abusive language' });

  // At rest the debtor's words, the letter to them and staff's summary are sealed for them.
  const {
    rows: [stored],
  } = await testDb().query(`SELECT complaint_text, letter FROM ${S}.complaints WHERE complaint_id = $1`, [id]);
  expect(stored.complaint_text).toMatch(SEALED);
  expect(stored.letter).toMatchObject({ locale: 'zh-CN', subject: expect.stringMatching(SEALED), body: expect.stringMatching(SEALED) });
  const { rows: entries } = await testDb().query(`SELECT details FROM ${S}.complaint_history WHERE complaint_id = $1 AND action = 'resolved'`, [id]);
  expect(entries[0].details.summary).toMatch(SEALED);
  expect(JSON.stringify([stored, entries])).not.toMatch(/老赖|13800138000|投诉成立|abusive/);
  await expect(testDb().query(`UPDATE ${S}.complaint_history SET actor = 'someone else' WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
  await expect(testDb().query(`DELETE FROM ${S}.complaint_history WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
});

it('refuses bad intake naming the field, and an unknown jurisdiction with 422', async () => {
  const bad = await call('POST', '/v1/complaints', COMPLIANCE, {
    loanId: 'LN-X',
    customerId: 'C-X',
    source: 'EMAIL',
    channel: 'WEB',
    text: 'x',
    locale: 'zh-CN',
    attemptIds: ['nope'],
  });
  expect(bad.status).toBe(400);
  expect(bad.contentType).toContain('application/problem+json');
  expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['attemptIds[0]', 'source']);
  const unknown = await call('POST', '/v1/complaints', COMPLIANCE, {
    loanId: `LN-UNKNOWN-${run}`,
    customerId: 'C-X',
    source: 'STAFF',
    channel: 'EMAIL',
    text: 'The late fee is too high',
    locale: 'en-US',
    attemptIds: [],
  });
  expect(unknown.status).toBe(422);
  expect(unknown.body.errors).toEqual([{ path: 'jurisdiction', message: expect.any(String) }]);
});

it('answers a retried intake with the same Idempotency-Key with the first complaint, and refuses the key for another', async () => {
  const loan = await aLoan('GB');
  await expectEventually(async () =>
    expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.loans WHERE loan_id = $1`, [loan.loanId])).rows[0].n).toBe(1),
  );
  const intake = {
    loanId: loan.loanId,
    customerId: loan.customerId,
    source: 'DEBTOR_SELF_SERVICE',
    channel: 'WEB',
    text: 'You charged me a late fee twice this month.',
    locale: 'en-GB',
    attemptIds: [],
  };
  const key = { 'idempotency-key': `form-${randomUUID()}` };
  const first = await call('POST', '/v1/complaints', 'test-service-key', intake, key);
  expect(first.status).toBe(201);
  const again = await call('POST', '/v1/complaints', 'test-service-key', intake, key);
  expect(again.status).toBe(200);
  expect(again.body.complaintId).toBe(first.body.complaintId);
  const other = await call('POST', '/v1/complaints', 'test-service-key', { ...intake, text: 'Another matter entirely.' }, key);
  expect(other.status).toBe(409);
  expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.complaints WHERE loan_id = $1`, [loan.loanId])).rows[0].n).toBe(1);
  await expectEventually(() => expect(statusEvents(loan.loanId)).toHaveLength(1));
  expect((await call('POST', '/v1/complaints', 'test-service-key', intake, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
  // The intake is the client's, by name (the API key names it), never by its key.
  expect((await call('GET', `/v1/complaints/${first.body.complaintId}`, COMPLIANCE)).body.history[0]).toMatchObject({
    action: 'received',
    actor: 'client:test-service',
    actorRole: 'service',
  });
  // Withdrawn, so the deadline sweep of the next test does not see it.
  expect((await call('POST', `/v1/complaints/${first.body.complaintId}/status`, COMPLIANCE, { status: 'withdrawn' })).status).toBe(200);
});

it('the deadline sweep publishes one reminder and one breach, however often it runs; GB refuses an extension', async () => {
  clock.set('2026-12-01T10:00:00Z');
  const loanId = `LN-CP-${run}-gb`;
  // A GB complaint on a loan complaints has not heard of: jurisdiction and zone from the body.
  const created = await call('POST', '/v1/complaints', SUPERVISOR, {
    loanId,
    customerId: `C-CP-${run}-gb`,
    source: 'DEBTOR_SELF_SERVICE',
    channel: 'WEB',
    text: 'You charged me a £25 late fee when I was one day late',
    locale: 'en-GB',
    attemptIds: [],
    jurisdiction: 'GB',
    timezone: 'Europe/London',
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    category: 'FEES',
    contactSuspension: 'VOICE_AND_FIELD',
    deadlines: { days: 56, localDate: '2027-01-26', deadlineAt: '2027-01-26T23:59:59.999Z', reminderAt: '2027-01-23T00:00:00.000Z', extendableTo: [] },
  });
  const id = created.body.complaintId as string;
  const extend = await call('POST', `/v1/complaints/${id}/extend`, COMPLIANCE, { reason: 'complex' });
  expect(extend.status).toBe(409);
  expect(extend.body.detail).toContain('ombudsman');

  // Only this complaint is open in the run's schema (the first test's was resolved), so the tick's counts are this complaint's.
  const none = { reminders: 0, breaches: 0, acknowledgementReminders: 0, acknowledgementBreaches: 0 };
  expect(await h.tick(clock.now())).toEqual(none);
  clock.set('2027-01-23T00:00:00Z');
  // Never acknowledged: its acknowledgement deadline (end of 2 Dec) passed long ago, so that is a breach, not a reminder.
  expect(await h.tick(clock.now())).toEqual({ ...none, reminders: 1, acknowledgementBreaches: 1 });
  expect(await h.tick(clock.now())).toEqual(none);
  const breaching = await call('GET', `/v1/complaints?breachingBefore=2027-01-27T00:00:00Z&loanId=${loanId}`, SUPERVISOR);
  expect(breaching.body.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([id]);
  clock.set('2027-01-27T00:00:00Z');
  expect(await h.tick(clock.now())).toEqual({ ...none, breaches: 1 });
  clock.advance(86_400_000);
  expect(await h.tick(clock.now())).toEqual(none);
  const deadlines = await expectEventually(() => {
    const seen = h
      .published(loanId)
      .map((m) => m.json<{ eventType: string; payload: { kind: string; complaintId: string } }>())
      .filter((e) => e.eventType === 'ComplaintDeadline');
    expect(seen).toHaveLength(2);
    return seen;
  });
  expect(deadlines.map((e) => e.payload.kind)).toEqual(['reminder', 'breached']);
  const detail = await call('GET', `/v1/complaints/${id}`, COMPLIANCE);
  expect(detail.body.deadlines).toMatchObject({ reminderSentAt: '2027-01-23T00:00:00.000Z', breachedAt: '2027-01-27T00:00:00.000Z' });
  expect(detail.body.history.map((e: { action: string }) => e.action)).toEqual([
    'received',
    'acknowledgement-breached',
    'deadline-reminder',
    'deadline-breached',
  ]);
});

it('scores a collector from contact-attempt, promise and complaint events', async () => {
  const agent = `agent-sc-${run}`;
  const loan = await aLoan('CN');
  const [promised, reached, noAnswer, blocked, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await sendAttempt(anAttempt(loan, promised).withRuleIds('hours'));
  await sendAttempt(anAttempt(loan, promised).withOutcome('promise-to-pay').byAgent(agent));
  await sendAttempt(anAttempt(loan, reached).withOutcome('reached-right-party').byAgent(agent));
  await sendAttempt(anAttempt(loan, noAnswer).withOutcome('no-answer').byAgent(agent));
  await sendAttempt(anAttempt(loan, blocked).atStage('blocked').byAgent(agent).withRuleIds('flag-dispute'));
  await sendAttempt(anAttempt(loan, other).withOutcome('promise-to-pay').byAgent('someone-else'));
  // Repayment-plan's word that the promise (500.00 by 5 December) was kept, on 4 December.
  const kept = (sourceAttemptId: string) =>
    aPromiseStatusChanged().forCase(loan).fromAttempt(sourceAttemptId).withStatus('kept', 'open').occurredAt('2026-12-04T08:00:00.000Z').build();
  await send(TOPICS.repaymentPlans.name, loan.loanId, kept(promised));
  await send(TOPICS.repaymentPlans.name, loan.loanId, kept(other));

  const created = await call('POST', '/v1/complaints', COMPLIANCE, {
    loanId: loan.loanId,
    customerId: loan.customerId,
    source: 'STAFF',
    channel: 'PHONE',
    category: 'HARASSMENT',
    text: 'Agent was rude on the phone',
    locale: 'zh-CN',
    attemptIds: [reached],
  });
  const id = created.body.complaintId as string;
  // A staff override re-publishes the status with the new suspension, and is kept in the history.
  const triaged = await call('POST', `/v1/complaints/${id}/triage`, COMPLIANCE, { category: 'OTHER', reason: 'about call quality, not conduct' });
  expect(triaged.body).toMatchObject({ category: 'OTHER', categorySource: 'staff', severity: 'LOW', contactSuspension: 'VOICE_AND_FIELD' });
  await expectEventually(() =>
    expect(statusEvents(loan.loanId).map((e) => [e.payload.status, e.payload.previousStatus, e.payload.contactSuspension])).toEqual([
      ['received', null, 'ALL_CONTACT'],
      ['received', 'received', 'VOICE_AND_FIELD'],
    ]),
  );
  for (const status of ['acknowledged', 'investigating']) await call('POST', `/v1/complaints/${id}/status`, COMPLIANCE, { status });
  expect((await call('POST', `/v1/complaints/${id}/resolve`, COMPLIANCE, { outcome: 'PARTLY_UPHELD', remedies: ['COLLECTOR_RETRAINING'] })).status).toBe(200);

  const scorecard = await expectEventually(async () => {
    const r = await call('GET', `/v1/agents/${agent}/scorecard?from=2026-11-01T00:00:00Z&to=2027-10-01T00:00:00Z`, SUPERVISOR);
    expect(r.body).toMatchObject({ keptPromises: 1 });
    expect(r.body.contacts).toBe(3);
    expect(r.body.complianceBlocks).toBe(1);
    return r.body;
  });
  expect(scorecard).toMatchObject({
    agentId: agent,
    contacts: 3,
    rightPartyContacts: 2,
    promises: 1,
    keptPromises: 1,
    complaints: 1,
    upheldComplaints: 1,
    complaintsPer1000Contacts: 333.33,
    upheldComplaintsPer1000Contacts: 333.33,
    complianceBlocks: 1,
  });
  const bad = await call('GET', `/v1/agents/${agent}/scorecard?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`, SUPERVISOR);
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('to');
  expect((await call('GET', `/v1/agents/${agent}/scorecard?from=2026-11-01T00:00:00Z&to=2027-10-01T00:00:00Z`, 'test-agent-key')).status).toBe(403);
});

it('lets only compliance withdraw a complaint (it lifts the contact suspension), and records who did', async () => {
  const loan = await aLoan('CN');
  const created = await call(
    'POST',
    '/v1/complaints',
    'test-agent-key',
    byPhone(loan, 'The collector threatened me on the phone', { category: 'HARASSMENT', jurisdiction: 'CN' }),
  );
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'received', contactSuspension: 'ALL_CONTACT', withdrawnBy: null, withdrawnAt: null });
  const id = created.body.complaintId as string;
  const path = `/v1/complaints/${id}/status`;

  // A supervisor is past the role check and refused by the rule; agents and services may not call it at all.
  const bySupervisor = await call('POST', path, SUPERVISOR, { status: 'withdrawn', note: 'the debtor called back' });
  expect(bySupervisor.status).toBe(403);
  expect(bySupervisor.contentType).toContain('application/problem+json');
  expect(bySupervisor.body).toMatchObject({
    type: 'urn:clearpath:separation-of-duties:complaint-withdrawal',
    rule: 'complaint-withdrawal',
    detail: expect.stringMatching(/^complaint-withdrawal: only the compliance role/),
  });
  for (const key of ['test-agent-key', 'test-service-key']) {
    const refused = await call('POST', path, key, { status: 'withdrawn' });
    expect({ key, status: refused.status, problem: refused.contentType.startsWith('application/problem+json') }).toEqual({ key, status: 403, problem: true });
  }
  // Supervisors keep the rest of the workflow.
  expect((await call('POST', path, SUPERVISOR, { status: 'acknowledged' })).status).toBe(200);
  expect((await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body).toMatchObject({ status: 'acknowledged', withdrawnBy: null });

  const withdrawn = await call('POST', path, COMPLIANCE, { status: 'withdrawn', note: 'the debtor withdrew it in writing' });
  expect(withdrawn.status).toBe(200);
  expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnBy: 'compliance:client:test-compliance', withdrawnAt: clock.now().toISOString() });
  const detail = (await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body;
  expect(detail.history.map((e: { action: string; actorRole: string }) => [e.action, e.actorRole])).toEqual([
    ['received', 'agent'],
    ['acknowledged', 'supervisor'],
    ['withdrawn', 'compliance'],
  ]);
  const { rows } = await testDb().query(`SELECT withdrawn_by, withdrawn_at FROM ${S}.complaints WHERE complaint_id = $1`, [id]);
  expect(rows).toEqual([{ withdrawn_by: withdrawn.body.withdrawnBy, withdrawn_at: clock.now() }]);
  await expectEventually(() => expect(statusEvents(loan.loanId).map((e) => e.payload.status)).toEqual(['received', 'acknowledged', 'withdrawn']));
});

it('reads an erased customer’s complaint back without their words or the letter to them, and keeps nothing new of theirs', async () => {
  const loan = await aLoan('CN');
  await expectEventually(async () =>
    expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.loans WHERE loan_id = $1`, [loan.loanId])).rows[0].n).toBe(1),
  );
  const text = '催收员把我欠款的事告诉了我的同事王五';
  const file = () => call('POST', '/v1/complaints', COMPLIANCE, byPhone(loan, text));
  const created = await file();
  expect(created.status).toBe(201);
  // Triage read the text at intake, in memory.
  expect(created.body).toMatchObject({ category: 'THIRD_PARTY_CONTACT', contactSuspension: 'ALL_CONTACT' });
  const id = created.body.complaintId as string;
  for (const status of ['acknowledged', 'investigating'])
    expect((await call('POST', `/v1/complaints/${id}/status`, COMPLIANCE, { status, note: `王五 confirmed it (${status})` })).status).toBe(200);
  expect((await call('POST', `/v1/complaints/${id}/resolve`, COMPLIANCE, { outcome: 'UPHELD', remedies: ['APOLOGY'] })).status).toBe(200);
  expect((await call('GET', `/v1/complaints/${id}`, COMPLIANCE)).body).toMatchObject({ text });

  // Ingestion erases the customer (their key is destroyed); this instance's cached key expires within a minute.
  await new PersonalDataVault(keyStore, parseMasterKeys(testStack.piiMasterKeys), clock).erase(loan.customerId, 'compliance:officer-1', 'PIPL art. 47 request');
  clock.advance(61_000);
  const detail = await call('GET', `/v1/complaints/${id}`, COMPLIANCE);
  expect(detail.status).toBe(200);
  expect(detail.body).toMatchObject({
    complaintId: id,
    status: 'resolved',
    category: 'THIRD_PARTY_CONTACT',
    outcome: 'UPHELD',
    text: null,
    erased: true,
    hasLetter: true,
  });
  const notes = detail.body.history
    .filter((e: { details: { note?: unknown } }) => 'note' in e.details)
    .map((e: { details: { note: unknown; erased: unknown } }) => ({ note: e.details.note, erased: e.details.erased }));
  expect(notes).toEqual([
    { note: null, erased: true },
    { note: null, erased: true },
  ]);
  expect(JSON.stringify(detail.body)).not.toContain('王五');
  const letter = await call('GET', `/v1/complaints/${id}/letter`, COMPLIANCE);
  expect(letter.body).toEqual({ complaintId: id, locale: 'zh-CN', generatedAt: expect.any(String), subject: null, body: null, erased: true });
  expect((await call('GET', `/v1/complaints?loanId=${loan.loanId}`, SUPERVISOR)).body.complaints[0]).toMatchObject({ complaintId: id, erased: true });
  // Their stored words are still sealed values, which nothing can open any more.
  expect((await testDb().query(`SELECT complaint_text FROM ${S}.complaints WHERE complaint_id = $1`, [id])).rows[0].complaint_text).toMatch(SEALED);

  // A new complaint of theirs cannot be kept.
  const again = await file();
  expect(again.status).toBe(409);
  expect((await testDb().query(`SELECT count(*)::int AS n FROM ${S}.complaints WHERE loan_id = $1`, [loan.loanId])).rows[0].n).toBe(1);
});
