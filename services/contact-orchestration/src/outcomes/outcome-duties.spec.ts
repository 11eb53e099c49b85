import { CHANNELS } from '../compliance/channel';
import { checkOutcomeDuty, outcomeDutyProblem } from './outcome-duties';

describe('separation of duties on contact outcomes', () => {
  const call = { channel: 'VOICE' as const, by: 'agent-anna', attemptOutcome: null, contact: { agent: 'agent-anna', outcome: null } };

  it('takes a call’s or a visit’s outcome from the agent who made it, once', () => {
    expect(checkOutcomeDuty(call)).toEqual({ ok: true });
    expect(checkOutcomeDuty({ ...call, channel: 'FIELD_VISIT' })).toEqual({ ok: true });
    expect(checkOutcomeDuty({ ...call, by: 'agent-ben' })).toEqual({
      ok: false,
      status: 403,
      rule: 'outcome-by-dialler',
      detail: 'outcome-by-dialler: only the agent who made this call may record its outcome.',
    });
    // A supervisor or a service is not the one who dialled either; a call never made has nobody.
    expect(checkOutcomeDuty({ ...call, by: 'client:dialer' })).toMatchObject({ status: 403, rule: 'outcome-by-dialler' });
    expect(checkOutcomeDuty({ ...call, contact: null })).toMatchObject({ status: 403, rule: 'outcome-by-dialler' });
    expect(checkOutcomeDuty({ ...call, contact: { agent: 'agent-anna', outcome: 'no-answer' } })).toMatchObject({
      status: 409,
      rule: 'one-outcome-per-contact',
    });
    // Another person's call that already has an outcome: still not theirs (403 before 409).
    expect(checkOutcomeDuty({ ...call, by: 'agent-ben', contact: { agent: 'agent-anna', outcome: 'no-answer' } })).toMatchObject({ status: 403 });
    // A redial is a new call: the attempt's earlier outcome does not stand in its way.
    expect(checkOutcomeDuty({ ...call, attemptOutcome: 'no-answer' })).toEqual({ ok: true });
  });

  it('takes one outcome per attempt on the automated channels, from whoever may call the endpoint', () => {
    for (const channel of CHANNELS.filter((c) => c !== 'VOICE' && c !== 'FIELD_VISIT')) {
      expect(checkOutcomeDuty({ channel, by: 'anyone', attemptOutcome: null, contact: null })).toEqual({ ok: true });
      expect(checkOutcomeDuty({ channel, by: 'anyone', attemptOutcome: 'dispute', contact: null })).toMatchObject({
        ok: false,
        status: 409,
        rule: 'one-outcome-per-contact',
      });
    }
  });

  it('answers problem+json naming the rule', () => {
    const check = checkOutcomeDuty({ ...call, by: 'agent-ben' });
    if (check.ok) throw new Error('expected a refusal');
    const problem = outcomeDutyProblem(check);
    expect(problem.getStatus()).toBe(403);
    expect(problem.type).toBe('urn:clearpath:separation-of-duties:outcome-by-dialler');
    expect(problem.extensions).toEqual({ rule: 'outcome-by-dialler' });
  });
});
