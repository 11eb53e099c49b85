import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { validateWith } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { parseJsonBody } from '@clearpath/platform';
import { outcomeRequestSchema } from './contact-outcome';
import { RecordOutcomeUseCase } from './record-outcome.use-case';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('outcomes')
@ApiSecurity('api-key')
@Controller('v1')
export class OutcomesController {
  constructor(private readonly record: RecordOutcomeUseCase) {}

  @Post('contacts/:id/outcome')
  @HttpCode(201)
  @Roles('agent', 'system', 'supervisor')
  @ApiOperation({
    summary:
      'Record how a contact attempt ended; dispute, hardship and opt-out change what the guard allows at once. A call or visit: only by the agent who made it (403 outcome-by-dialler), once per call or visit; other channels once per attempt (409 one-outcome-per-contact)',
  })
  @ApiBody({ schema: { type: 'object', example: { outcome: 'promise-to-pay', amount: '500.00', date: '2026-12-15' } } })
  async outcome(@Param('id') id: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    if (!UUID.test(id)) throw ProblemException.validation([{ path: 'id', message: 'must be a contact attempt id (uuid)' }]);
    const checked = validateWith(outcomeRequestSchema, parseJsonBody(request.body));
    if (!checked.ok) throw ProblemException.validation(checked.errors);
    const role = caller.role as 'agent' | 'system' | 'supervisor';
    const recorded = await this.record.execute(id, checked.value, { subject: caller.subject, role }, currentContext()?.correlationId ?? id);
    if (recorded === null) throw ProblemException.notFound(`No contact attempt ${id}.`);
    if (recorded === 'not-made') throw ProblemException.conflict(`Contact attempt ${id} is a call or visit that was never made: start it with POST /v1/queues/tasks/{taskId}/dial or /visit first.`);
    return recorded;
  }
}
