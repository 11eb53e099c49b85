import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Roles } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { DATA_SOURCE } from '@clearpath/platform';
import { PIPELINE_TOPICS } from '../pipeline/pipeline.graph';
import { summaryText } from './trace-entry';
import { TraceIndexRepository } from './trace-index.repository';
import { buildTrace } from './trace-timing';

const MAX_EVENTS = 2_000;
const TOPIC_ORDER = PIPELINE_TOPICS.map((t) => t.name);

/** Which part of the collection process a topic stands for on a case timeline. */
const STAGE_OF_TOPIC: Readonly<Record<string, string>> = Object.fromEntries(
  PIPELINE_TOPICS.map((t) => [
    t.name,
    {
      'corebank.loan-events.v1': 'core banking',
      'collections.loan-lifecycle.v1': 'ingestion',
      'collections.case-segmented.v1': 'risk',
      'collections.contact-attempts.v1': 'contacts',
      'collections.contact-outcomes.v1': 'contacts',
      'collections.repayment-plans.v1': 'plans',
      'collections.complaints.v1': 'complaints',
    }[t.name] ?? t.name,
  ]),
);

@ApiTags('traces')
@ApiSecurity('api-key')
@Controller('v1')
export class TracesController {
  constructor(
    private readonly index: TraceIndexRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get('traces/:loanId')
  @Roles('ops', 'compliance', 'supervisor')
  @ApiOperation({
    summary:
      "One loan's records across the pipeline in order: topic, partition, offset, producing service, times, time between hops, grouped by correlation id",
  })
  async trace(@Param('loanId') loanId: string) {
    const entries = await this.index.forLoan(this.dataSource.manager, checkLoanId(loanId), MAX_EVENTS);
    if (entries.length === 0) throw ProblemException.notFound(`No record of loan ${loanId} has been seen on the traced topics.`);
    const trace = buildTrace(entries, TOPIC_ORDER);
    return {
      loanId,
      truncated: entries.length === MAX_EVENTS,
      events: trace.events.map((e) => ({
        topic: e.topic,
        partition: e.partition,
        offset: e.offset,
        eventId: e.eventId,
        eventType: e.eventType,
        producer: e.producer,
        correlationId: e.correlationId,
        causationId: e.causationId,
        occurredAt: e.occurredAt,
        kafkaTimestamp: e.kafkaTimestamp,
        sincePreviousMs: e.sincePreviousMs,
        sinceCauseMs: e.sinceCauseMs,
        causeIndex: e.causeIndex,
      })),
      correlations: trace.correlations,
    };
  }

  @Get('cases/:loanId/timeline')
  @Roles('ops', 'compliance', 'supervisor', 'agent')
  @ApiOperation({ summary: "The case's timeline across ingestion, risk, contacts, plans and complaints, with a short summary per event and no personal data" })
  async timeline(@Param('loanId') loanId: string) {
    const entries = await this.index.forLoan(this.dataSource.manager, checkLoanId(loanId), MAX_EVENTS);
    if (entries.length === 0) throw ProblemException.notFound(`No record of loan ${loanId} has been seen on the traced topics.`);
    const { events } = buildTrace(entries, TOPIC_ORDER);
    return {
      loanId,
      entries: events.map((e) => ({
        at: e.occurredAt ?? e.kafkaTimestamp,
        publishedAt: e.kafkaTimestamp,
        stage: STAGE_OF_TOPIC[e.topic] ?? e.topic,
        service: e.producer,
        eventType: e.eventType,
        eventId: e.eventId,
        summary: e.summary,
        text: summaryText(e.eventType, e.summary),
      })),
    };
  }
}

function checkLoanId(loanId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(loanId)) throw ProblemException.validation([{ path: 'loanId', message: 'must be 1-64 characters of [A-Za-z0-9_-]' }]);
  return loanId;
}
