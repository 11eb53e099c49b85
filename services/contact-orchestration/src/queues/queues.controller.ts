import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { UUID } from '../outcomes/outcomes.controller';
import { AgentQueueProvider, type QueueName } from './agent-queue.provider';

const QUEUES: Record<string, QueueName> = { voice: 'VOICE', VOICE: 'VOICE', 'field-visit': 'FIELD_VISIT', FIELD_VISIT: 'FIELD_VISIT' };

@ApiTags('queues')
@ApiSecurity('api-key')
@Controller('v1/queues')
export class QueuesController {
  constructor(
    private readonly queue: AgentQueueProvider,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':queue/next')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Lease the next voice or field-visit task, highest expected recovery first; 204 when the queue is empty' })
  async next(@Param('queue') queueParam: string, @Principal() caller: AuthPrincipal, @Res({ passthrough: true }) response: Response) {
    const queue = QUEUES[queueParam];
    if (queue === undefined) throw ProblemException.validation([{ path: 'queue', message: 'must be voice or field-visit' }]);
    const task = await this.dataSource.transaction((m) => this.queue.leaseNext(m, queue, caller.subject, this.clock.now(), this.policy.settings.queueLeaseMs));
    if (task === null) {
      response.status(204);
      return undefined;
    }
    return task;
  }

  @Post('tasks/:id/complete')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Complete a leased task (record the outcome with POST /v1/contacts/{attemptId}/outcome)' })
  async complete(@Param('id') id: string, @Principal() caller: AuthPrincipal) {
    if (!UUID.test(id)) throw ProblemException.validation([{ path: 'id', message: 'must be a task id (uuid)' }]);
    const result = await this.dataSource.transaction((m) => this.queue.complete(m, id, caller.subject, caller.role === 'supervisor', this.clock.now()));
    if (result === 'not-found') throw ProblemException.notFound(`No task ${id}.`);
    if (result === 'not-held') throw ProblemException.conflict(`Task ${id} is not leased to you (or its lease ran out).`);
    return { taskId: id, status: 'completed', alreadyCompleted: result === 'already-completed' };
  }
}
