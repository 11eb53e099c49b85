import { TOPICS, type TopicNamespace, type TopicSpec } from '@clearpath/contracts';
import type { KafkaClientAccess } from './kafka-acls';

const T = TOPICS;
const ALL: readonly TopicSpec[] = Object.values(TOPICS);
const deadLetterTopics = ALL.filter((t) => ALL.some((source) => source.dlq === t.name)).map((t) => t.name);
const withDeadLetterTopic = ALL.filter((t) => t.dlq !== undefined).map((t) => t.name);

/** The SASL user with every right (a `super.users` entry of the broker): topic set-up, ACLs, tools. */
export const KAFKA_ADMIN_PRINCIPAL = 'admin';

/**
 * Who does what with Kafka, per principal: each service (its user name is the service name, its
 * consumer group by default too) and the lender's core banking. `kafkaAclsFor` turns this and the
 * topic registry into ACLs; services/flow-monitor's pipeline graph is checked against it.
 * `consumes` = the topics of the service's `@EventPattern` handlers (the registry's `consumers`),
 * `produces` = the topics its outbox publishes.
 */
export const CLEARPATH_KAFKA_ACCESS: readonly KafkaClientAccess[] = [
  // The lender publishes the inbound contract, nothing else.
  { principal: 'core-banking', produces: [T.coreBankLoanEvents.name] },
  {
    principal: 'ingestion',
    consumes: [T.coreBankLoanEvents.name],
    produces: [T.loanLifecycle.name, T.customerContacts.name],
    groups: ['ingestion'],
  },
  {
    principal: 'risk-scoring',
    consumes: [T.loanLifecycle.name, T.contactOutcomes.name, T.repaymentPlans.name],
    produces: [T.caseSegmented.name],
    groups: ['risk-scoring'],
  },
  {
    principal: 'contact-orchestration',
    consumes: [T.caseSegmented.name, T.loanLifecycle.name, T.customerContacts.name, T.repaymentPlans.name, T.complaints.name],
    produces: [T.contactOutcomes.name, T.contactAttempts.name],
    groups: ['contact-orchestration'],
  },
  {
    principal: 'repayment-plan',
    consumes: [T.loanLifecycle.name, T.caseSegmented.name, T.contactOutcomes.name],
    produces: [T.repaymentPlans.name],
    groups: ['repayment-plan'],
  },
  {
    principal: 'complaints',
    consumes: [T.loanLifecycle.name, T.contactAttempts.name, T.repaymentPlans.name],
    produces: [T.complaints.name],
    groups: ['complaints'],
  },
  {
    // Observes and never dead-letters: its trace index reads every loan-keyed pipeline topic (not
    // customer-contacts, which carries personal data), its DLQ reader every dead-letter topic with
    // throw-away groups `flow-monitor-reader-<uuid>`; its sampler looks at the services' groups. A
    // dead letter replayed from the console goes back to its source topic, hence WRITE on those.
    principal: 'flow-monitor',
    reads: [
      ...[T.coreBankLoanEvents, T.loanLifecycle, T.caseSegmented, T.contactOutcomes, T.contactAttempts, T.repaymentPlans, T.complaints].map((t) => t.name),
      ...deadLetterTopics,
    ],
    produces: withDeadLetterTopic,
    groups: ['flow-monitor'],
    groupPrefixes: ['flow-monitor-reader-'],
    describesGroups: ['ingestion', 'risk-scoring', 'contact-orchestration', 'repayment-plan', 'complaints'],
  },
];

/**
 * The table with each service's consumer group as `<SERVICE>_CONSUMER_GROUP` sets it (the same
 * variable the service reads), so ACLs follow a deployment that renames its groups.
 */
export function kafkaAccessWithGroupsFrom(
  env: Readonly<Record<string, string | undefined>>,
  access: readonly KafkaClientAccess[] = CLEARPATH_KAFKA_ACCESS,
): KafkaClientAccess[] {
  const renamed = new Map<string, string>();
  for (const a of access) {
    const group = env[`${a.principal.toUpperCase().replace(/-/g, '_')}_CONSUMER_GROUP`]?.trim();
    if (group && a.groups?.includes(a.principal)) renamed.set(a.principal, group);
  }
  const rename = (groups: readonly string[] | undefined) => groups?.map((g) => renamed.get(g) ?? g);
  return access.map((a) => ({ ...a, groups: rename(a.groups), describesGroups: rename(a.describesGroups) }));
}

/**
 * The table with its topics in a namespace (CLEARPATH_TOPIC_NAMESPACE: a benchmark's run-scoped
 * topics), to go with the registry renamed the same way (`specsInNamespace`); the table itself
 * for the production names.
 */
export function kafkaAccessInNamespace(access: readonly KafkaClientAccess[], namespace: TopicNamespace): KafkaClientAccess[] {
  const rename = (topics: readonly string[] | undefined) => topics?.map((t) => namespace.physical(t));
  return access.map((a) => {
    const [consumes, reads, produces] = [rename(a.consumes), rename(a.reads), rename(a.produces)];
    return { ...a, ...(consumes ? { consumes } : {}), ...(reads ? { reads } : {}), ...(produces ? { produces } : {}) };
  });
}
