import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { type Clock, ownValue } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { UUID } from '../outcomes/outcomes.controller';
import { AgentQueueProvider, type QueueName } from './agent-queue.provider';
import { StartContactUseCase, type StartResult } from './start-contact.use-case';

const QUEUES: Record<string, QueueName> = { voice: 'VOICE', VOICE: 'VOICE', 'field-visit': 'FIELD_VISIT', FIELD_VISIT: 'FIELD_VISIT' };

@ApiTags('queues')
@ApiSecurity('api-key')
@Controller('v1/queues')
export class QueuesController {
  constructor(
    private readonly queue: AgentQueueProvider,
    private readonly startContact: StartContactUseCase,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':queue/next')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Lease the next voice or field-visit task the guard would allow now, highest expected recovery first; 204 when there is none' })
  async next(@Param('queue') queueParam: string, @Principal() caller: AuthPrincipal, @Res({ passthrough: true }) response: Response) {
    const queue = ownValue(QUEUES, queueParam);
    if (queue === undefined) throw ProblemException.validation([{ path: 'queue', message: 'must be voice or field-visit' }]);
    const task = await this.startContact.leaseNext(queue, caller.subject, this.clock.now(), this.policy.settings.queueLeaseMs);
    if (task === null) {
      response.status(204);
      return undefined;
    }
    return task;
  }

  @Post('tasks/:id/dial')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary: 'Start the call of a voice task you hold: the full guard at this instant; 200 with number and script, or 409 with decision and ruleIds',
  })
  async dial(@Param('id') id: string, @Principal() caller: AuthPrincipal) {
    return this.started(id, await this.startIfTask(id, 'VOICE', caller), 'dial');
  }

  @Post('tasks/:id/visit')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary: 'Start a field visit you hold: the full guard at this instant; 200 with address, script and requirements, or 409 with decision and ruleIds',
  })
  async visit(@Param('id') id: string, @Principal() caller: AuthPrincipal) {
    return this.started(id, await this.startIfTask(id, 'FIELD_VISIT', caller), 'visit');
  }

  private async startIfTask(id: string, queue: QueueName, caller: AuthPrincipal): Promise<StartResult> {
    if (!UUID.test(id)) throw ProblemException.validation([{ path: 'taskId', message: 'must be a task id (uuid)' }]);
    return this.startContact.start(id, queue, caller.subject, this.clock.now());
  }

  private started(id: string, result: StartResult, verb: 'dial' | 'visit') {
    switch (result.kind) {
      case 'started':
        return result.contact;
      case 'not-found':
        throw ProblemException.notFound(`No task ${id}.`);
      case 'wrong-queue':
        throw ProblemException.conflict(
          `Task ${id} is a ${result.queue === 'VOICE' ? 'voice task: dial it' : 'field visit: visit it'}, it cannot be started with ${verb}.`,
        );
      case 'closed':
        throw new ProblemException({ status: 409, detail: `Task ${id} is ${result.status}.`, extensions: { taskStatus: result.status } });
      case 'not-held':
        throw ProblemException.conflict(`Task ${id} is not leased to you (or its lease ran out): lease it with GET /v1/queues/{queue}/next.`);
      case 'refused': {
        const r = result.refusal;
        throw new ProblemException({
          status: 409,
          title: 'Contact not permitted now',
          detail: r.detail,
          extensions: { decision: r.decision, ruleIds: r.ruleIds, ...(r.until !== undefined ? { until: r.until } : {}), taskStatus: r.taskStatus },
        });
      }
    }
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
