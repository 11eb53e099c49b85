import { ALL_TOPICS, TOPICS } from './topic-registry';

describe('the topic registry', () => {
  // Decides who may read a topic's dead letters and whether replaying one takes a second person
  // (flow-monitor): a topic joins this list only on purpose.
  it('names the topics that carry personal data (names, phones, addresses)', () => {
    expect(
      ALL_TOPICS.filter((t) => t.containsPersonalData)
        .map((t) => t.name)
        .sort(),
    ).toEqual([TOPICS.coreBankLoanEvents.name, TOPICS.coreBankLoanEventsDlq.name, TOPICS.customerContacts.name, TOPICS.customerContactsDlq.name].sort());
  });

  it('flags a dead-letter topic as its source topic is flagged', () => {
    for (const source of ALL_TOPICS.filter((t) => t.dlq !== undefined)) {
      const dlq = ALL_TOPICS.find((t) => t.name === source.dlq);
      expect({ dlq: source.dlq, personal: dlq?.containsPersonalData }).toEqual({ dlq: source.dlq, personal: source.containsPersonalData });
    }
  });
});
