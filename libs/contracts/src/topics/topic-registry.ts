/**
 * Every Kafka topic Clearpath owns or reads, in one place. The local stack, docker-compose's
 * topic-init step, the services and the tests all create or resolve topics from this list, so a
 * topic cannot exist in one environment and not in another. It also says who writes and who
 * consumes each topic: a service's dead-letter topics and flow-monitor's picture of the pipeline
 * follow from that, and a unit test (test/topology) holds it to the services' `@EventPattern`s.
 */

/** Who writes or consumes the pipeline's topics: the lender's core banking and the services, in pipeline order. */
export const PIPELINE_PARTIES = ['core-banking', 'ingestion', 'risk-scoring', 'contact-orchestration', 'repayment-plan', 'complaints'] as const;
export type PipelineParty = (typeof PIPELINE_PARTIES)[number];

export interface TopicSpec {
  /** Versioned topic name, e.g. `collections.loan-lifecycle.v1`. */
  readonly name: string;
  readonly partitions: number;
  /** What the message key is; it keeps one entity's events in order on one partition. */
  readonly key: 'loanId' | 'customerId';
  readonly schemaVersion: number;
  /** Kafka `cleanup.policy`. */
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Kafka `retention.ms`; -1 keeps forever. */
  readonly retentionMs: number;
  /** Where a consumer of this topic sends records it cannot accept; absent for DLQ topics. */
  readonly dlq?: string;
  /** Who publishes it (a service through its outbox, or the lender); absent for DLQ topics, which the consumers of their source topic write. */
  readonly producer?: PipelineParty;
  /** The services whose `@EventPattern` handlers consume it, each in its own consumer group; absent for DLQ topics. */
  readonly consumers?: readonly PipelineParty[];
  /** True when values carry personal data (names, phones, addresses): keep consumers to a minimum. */
  readonly containsPersonalData: boolean;
  readonly description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A dead-letter topic: one partition (volume is low and order across keys does not matter), kept
 * 30 days for someone to look at, same key as its source topic.
 */
function dlqTopic<N extends string>(name: N, key: TopicSpec['key'], containsPersonalData: boolean, description: string) {
  return { name, partitions: 1, key, schemaVersion: 1, cleanupPolicy: 'delete', retentionMs: 30 * DAY_MS, containsPersonalData, description } as const;
}

export const TOPICS = {
  coreBankLoanEvents: {
    name: 'corebank.loan-events.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    dlq: 'corebank.loan-events.dlq.v1',
    producer: 'core-banking',
    consumers: ['ingestion'],
    containsPersonalData: true,
    description: 'Inbound core-banking loan events (the external contract), published by the lender.',
  },
  coreBankLoanEventsDlq: dlqTopic(
    'corebank.loan-events.dlq.v1',
    'loanId',
    true,
    'Inbound messages ingestion could not accept: original bytes, reason in headers.',
  ),
  loanLifecycle: {
    name: 'collections.loan-lifecycle.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.loan-lifecycle.dlq.v1',
    producer: 'ingestion',
    consumers: ['risk-scoring', 'contact-orchestration', 'repayment-plan', 'complaints'],
    containsPersonalData: false,
    description: 'Normalized loan events from ingestion (delinquency updated, payment received, loan closed, customer flagged); no personal data.',
  },
  loanLifecycleDlq: dlqTopic('collections.loan-lifecycle.dlq.v1', 'loanId', false, 'Loan-lifecycle records a downstream consumer could not apply.'),
  customerContacts: {
    name: 'collections.customer-contacts.v1',
    partitions: 6,
    key: 'customerId',
    schemaVersion: 1,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    dlq: 'collections.customer-contacts.dlq.v1',
    producer: 'ingestion',
    consumers: ['contact-orchestration'],
    containsPersonalData: true,
    description:
      'Latest contact details per customer (name, phone, e-mail, address, time zone, locale); compacted; read only by services that contact debtors.',
  },
  caseSegmented: {
    name: 'collections.case-segmented.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.case-segmented.dlq.v1',
    producer: 'risk-scoring',
    consumers: ['contact-orchestration', 'repayment-plan'],
    containsPersonalData: false,
    description: "Risk-scoring's verdict per case (score, band, segment, treatment, arm, reasons), published when it changes.",
  },
  caseSegmentedDlq: dlqTopic('collections.case-segmented.dlq.v1', 'loanId', false, 'Case-segmented records a downstream consumer could not apply.'),
  customerContactsDlq: dlqTopic(
    'collections.customer-contacts.dlq.v1',
    'customerId',
    true,
    'Customer-contacts records a downstream consumer could not apply (personal data: keep readers to a minimum).',
  ),
  contactOutcomes: {
    name: 'collections.contact-outcomes.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.contact-outcomes.dlq.v1',
    producer: 'contact-orchestration',
    consumers: ['risk-scoring', 'repayment-plan'],
    containsPersonalData: false,
    description: 'How each contact attempt ended (reached, promise to pay, dispute, hardship, opt-out...), from contact-orchestration; no personal data.',
  },
  contactOutcomesDlq: dlqTopic('collections.contact-outcomes.dlq.v1', 'loanId', false, 'Contact-outcome records a downstream consumer could not apply.'),
  contactAttempts: {
    name: 'collections.contact-attempts.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.contact-attempts.dlq.v1',
    producer: 'contact-orchestration',
    consumers: ['complaints'],
    containsPersonalData: false,
    description:
      'Contact attempts sent, blocked (with rule ids), delivered, failed and their outcomes with the collector, from contact-orchestration; no personal data.',
  },
  contactAttemptsDlq: dlqTopic('collections.contact-attempts.dlq.v1', 'loanId', false, 'Contact-attempt records a downstream consumer could not apply.'),
  repaymentPlans: {
    name: 'collections.repayment-plans.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.repayment-plans.dlq.v1',
    producer: 'repayment-plan',
    consumers: ['risk-scoring', 'contact-orchestration', 'complaints'],
    containsPersonalData: false,
    description: 'Plan and promise status changes and resolved cases, from repayment-plan; no personal data.',
  },
  repaymentPlansDlq: dlqTopic('collections.repayment-plans.dlq.v1', 'loanId', false, 'Repayment-plan records a downstream consumer could not apply.'),
  complaints: {
    name: 'collections.complaints.v1',
    partitions: 6,
    key: 'loanId',
    schemaVersion: 1,
    cleanupPolicy: 'delete',
    retentionMs: 14 * DAY_MS,
    dlq: 'collections.complaints.dlq.v1',
    producer: 'complaints',
    consumers: ['contact-orchestration'],
    containsPersonalData: false,
    description:
      'Complaint status changes (category, severity, contact suspension, deadline) and deadline reminders/breaches, from complaints; no personal data, no free text.',
  },
  complaintsDlq: dlqTopic('collections.complaints.dlq.v1', 'loanId', false, 'Complaint records a downstream consumer could not apply.'),
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof TOPICS;
export const ALL_TOPICS: readonly TopicSpec[] = Object.values(TOPICS);

/** The topics a party publishes, in registry order. */
export function topicsProducedBy(party: string): TopicSpec[] {
  return ALL_TOPICS.filter((t) => t.producer === party);
}

/** The topics a service's `@EventPattern` handlers consume, in registry order (none for a name the registry does not know). */
export function topicsConsumedBy(service: string): TopicSpec[] {
  return ALL_TOPICS.filter((t) => t.consumers?.some((c) => c === service));
}

/** Kafka topic configs for `createTopics`, from a spec. */
export function topicConfigEntries(spec: TopicSpec): Array<{ name: string; value: string }> {
  return [
    { name: 'cleanup.policy', value: spec.cleanupPolicy },
    { name: 'retention.ms', value: String(spec.retentionMs) },
  ];
}
