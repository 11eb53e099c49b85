import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { ValidBody, ValidParam } from '@clearpath/platform';
import { outcomeRequestSchema } from './contact-outcome';
import { RecordOutcomeUseCase } from './record-outcome.use-case';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const attemptId = z.string().regex(UUID, 'must be a contact attempt id (uuid)');

@ApiTags('outcomes')
@ApiSecurity('api-key')
@Controller('v1')
export class OutcomesController {
  constructor(private readonly record: RecordOutcomeUseCase) {}

  @Post('contacts/:id/outcome')
  @HttpCode(201)
  @Roles('agent', 'service', 'supervisor')
  @ApiOperation({
    summary:
      'Record how a contact attempt ended; dispute, hardship and opt-out change what the guard allows at once. A call or visit: only by the agent who made it (403 outcome-by-dialler), once per call or visit; other channels once per attempt (409 one-outcome-per-contact)',
  })
  async outcome(
    @ValidParam('id', attemptId) id: string,
    @ValidBody(outcomeRequestSchema, { example: { outcome: 'promise-to-pay', amount: '500.00', date: '2026-12-15' } })
    outcome: z.output<typeof outcomeRequestSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    const role = caller.role as 'agent' | 'service' | 'supervisor';
    const recorded = await this.record.execute(id, outcome, { subject: caller.subject, role }, currentContext()?.correlationId ?? id);
    if (recorded === null) throw ProblemException.notFound(`No contact attempt ${id}.`);
    if (recorded === 'not-made')
      throw ProblemException.conflict(
        `Contact attempt ${id} is a call or visit that was never made: start it with POST /v1/queues/tasks/{taskId}/dial or /visit first.`,
      );
    return recorded;
  }
}
