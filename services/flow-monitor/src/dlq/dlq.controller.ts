import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { type AuthPrincipal, Principal, Roles } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { ValidBody, ValidParam } from '@clearpath/platform';
import { deadLetterTopics, topicSpec } from '../pipeline/pipeline.graph';
import { DlqReader } from './dlq.reader';
import { viewDlqRecord } from './dlq-record.view';
import { REPLAY_ENTRY_STATUSES, ReplayDlqRecordUseCase } from './replay-dlq-record.use-case';

const replaySchema = z.object({
  reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(1_000, 'must be at most 1000 characters'),
  value: z.unknown().optional(),
});

const closeSchema = z.object({
  reason: z.string().trim().min(3, 'must say why (at least 3 characters)').max(500, 'must be at most 500 characters'),
});

const requestId = z.string().regex(/^\d{1,18}$/, 'must be a replay request id');

/** Ops and compliance see dead-letter values as they are; anyone else sees them masked, and never a topic with personal data. */
const UNMASKED = new Set(['ops', 'compliance']);

@ApiTags('dead letters')
@ApiSecurity('api-key')
@Controller('v1/dlq')
export class DlqController {
  constructor(
    private readonly reader: DlqReader,
    private readonly replay: ReplayDlqRecordUseCase,
  ) {}

  @Get()
  @Roles('ops', 'compliance', 'supervisor')
  @ApiOperation({ summary: 'The dead-letter topics, each with the topic it belongs to and whether it carries personal data' })
  topics() {
    return {
      topics: deadLetterTopics().map((t) => ({ name: t.name, containsPersonalData: t.containsPersonalData, description: t.description })),
    };
  }

  @Get('replays')
  @Roles('ops', 'compliance')
  @ApiOperation({
    summary:
      'The replay audit trail: requests waiting for a second person first, then replays and ended requests newest first; each with status (pending-approval, replayed, rejected, withdrawn, expired), requester, approver, who closed it, when and why',
  })
  async replays(@Query('topic') topic?: string, @Query('status') status?: string, @Query('limit') limit?: string) {
    const wanted = status === undefined || status === '' ? undefined : REPLAY_ENTRY_STATUSES.find((s) => s === status);
    if (status !== undefined && status !== '' && wanted === undefined) {
      throw ProblemException.validation([{ path: 'status', message: `must be one of ${REPLAY_ENTRY_STATUSES.join(', ')}` }]);
    }
    return { replays: await this.replay.history({ dlqTopic: topic || undefined, status: wanted, limit: parseLimit(limit, 50, 500) }) };
  }

  @Get('replay-requests/:id')
  @Roles('ops', 'compliance')
  @ApiOperation({
    summary:
      'A replay request with exactly the key, headers and value approving it would publish, its status, when it expires, and who closed it, when and why',
  })
  async replayRequest(@Param('id') id: string) {
    return this.replay.request(id);
  }

  @Post('replay-requests/:id/approve')
  @HttpCode(202)
  @Roles('ops', 'compliance')
  @ApiOperation({
    summary:
      'A second person approves a replay of a record with personal data: its recorded bytes are published. 409 four-eyes for the requester, 409 replay-request-closed / replay-request-expired once rejected, withdrawn or past its TTL, 409 if already approved',
  })
  async approveReplay(@Param('id') id: string, @Principal() caller: AuthPrincipal) {
    return { status: 'replay-queued', audit: await this.replay.approve(id, caller) };
  }

  @Post('replay-requests/:id/reject')
  @HttpCode(200)
  @Roles('ops', 'compliance')
  @ApiOperation({
    summary:
      'Ends a waiting replay request without publishing anything: rejected by another person, or withdrawn by its requester (the same call). 409 replay-request-closed if closed before, replay-request-expired past its TTL, 409 if already approved',
  })
  async rejectReplay(
    @ValidParam('id', requestId) id: string,
    @ValidBody(closeSchema, { example: { reason: 'the corrected phone does not match the core-banking record' } }) body: z.output<typeof closeSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    const audit = await this.replay.close(id, caller, body.reason);
    return { status: audit.status, audit };
  }

  @Get(':topic')
  @Roles('ops', 'compliance', 'supervisor')
  @ApiOperation({ summary: "A dead-letter topic's newest records with their headers (reason, error, source, group, time) and value" })
  async records(@Param('topic') topic: string, @Query('limit') limit: string | undefined, @Principal() caller: AuthPrincipal) {
    const spec = deadLetterTopic(topic);
    const mask = !UNMASKED.has(caller.role);
    if (mask && spec.containsPersonalData) {
      throw new ProblemException({ status: 403, detail: `${topic} carries personal data: only the ops and compliance roles may read it.` });
    }
    const records = await this.reader.newest(topic, parseLimit(limit, 20, 200));
    return { topic, containsPersonalData: spec.containsPersonalData, masked: mask, records: records.map((r) => viewDlqRecord(r, { mask })) };
  }

  @Post(':topic/:partition/:offset/replay')
  @HttpCode(202)
  @Roles('ops')
  @ApiOperation({
    summary:
      'Re-publish a dead-letter record (or a corrected value) to its source topic with its original key; audited with the bytes. On a topic with personal data it is a request a second person (ops or compliance) approves. 409 if already replayed, unless ?force=true',
  })
  async replayRecord(
    @Param('topic') topic: string,
    @Param('partition') partition: string,
    @Param('offset') offset: string,
    @Query('force') force: string | undefined,
    @ValidBody(replaySchema, { example: { reason: 'customer phone fixed in core banking', value: { eventId: '…', eventType: 'LoanOverdue' } } })
    body: z.output<typeof replaySchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    deadLetterTopic(topic);
    const errors = [
      ...(/^\d{1,5}$/.test(partition) ? [] : [{ path: 'partition', message: 'must be a partition number' }]),
      ...(/^\d{1,19}$/.test(offset) ? [] : [{ path: 'offset', message: 'must be an offset' }]),
      ...(force === undefined || force === 'true' || force === 'false' ? [] : [{ path: 'force', message: 'must be true or false' }]),
    ];
    if (errors.length > 0) throw ProblemException.validation(errors);
    return this.replay.execute({
      dlqTopic: topic,
      partition: Number(partition),
      offset: BigInt(offset),
      corrected: 'value' in body ? body.value : undefined,
      reason: body.reason,
      force: force === 'true',
      principal: caller,
    });
  }
}

function deadLetterTopic(topic: string) {
  const spec = topicSpec(topic);
  if (!spec || !deadLetterTopics().some((t) => t.name === topic)) throw ProblemException.notFound(`${topic} is not a dead-letter topic.`);
  return spec;
}

function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw ProblemException.validation([{ path: 'limit', message: `must be an integer 1..${max}` }]);
  }
  return Number(value);
}
