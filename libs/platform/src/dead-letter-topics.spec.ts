import { TOPICS } from '@clearpath/contracts';
import { deadLetterTopicsFor } from './dead-letter-topics';

describe('deadLetterTopicsFor', () => {
  const T = TOPICS;
  const dlqOf = (...topics: Array<{ name: string; dlq: string }>) => Object.fromEntries(topics.map((t) => [t.name, t.dlq]));

  // The maps each service's app used to write out, before they were read from the registry.
  it.each([
    ['ingestion', dlqOf(T.coreBankLoanEvents)],
    ['risk-scoring', dlqOf(T.loanLifecycle, T.contactOutcomes, T.repaymentPlans)],
    ['contact-orchestration', dlqOf(T.caseSegmented, T.loanLifecycle, T.customerContacts, T.repaymentPlans, T.complaints)],
    ['repayment-plan', dlqOf(T.loanLifecycle, T.caseSegmented, T.contactOutcomes)],
    ['complaints', dlqOf(T.loanLifecycle, T.contactAttempts, T.repaymentPlans)],
  ])('gives %s a dead-letter topic for each topic it consumes', (service, expected) => {
    expect(deadLetterTopicsFor(service)).toEqual(expected);
  });

  it('gives a service that consumes nothing (flow-monitor only observes) and an unknown name none', () => {
    expect(deadLetterTopicsFor('flow-monitor')).toEqual({});
    expect(deadLetterTopicsFor('core-banking')).toEqual({});
    expect(deadLetterTopicsFor('no-such-service')).toEqual({});
  });
});
