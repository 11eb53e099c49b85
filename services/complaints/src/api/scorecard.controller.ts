import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Roles } from '@clearpath/auth';
import { DATA_SOURCE, ValidQuery } from '@clearpath/platform';
import { AgentScorecardQuery } from '../scorecard/agent-scorecard.query';

const periodSchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((p) => new Date(p.from).getTime() < new Date(p.to).getTime(), { message: 'must be after from', path: ['to'] })
  .refine((p) => new Date(p.to).getTime() - new Date(p.from).getTime() <= 366 * 86_400_000, { message: 'the period must be at most 366 days', path: ['to'] });

@ApiTags('collector quality')
@ApiSecurity('api-key')
@Controller('v1/agents')
export class ScorecardController {
  constructor(
    private readonly scorecards: AgentScorecardQuery,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get(':agentId/scorecard')
  @Roles('supervisor', 'compliance')
  @ApiOperation({
    summary: 'Contacts, right-party contacts, promises, kept promises, complaints and upheld complaints per 1,000 contacts, compliance blocks over [from, to)',
  })
  async scorecard(@Param('agentId') agentId: string, @ValidQuery(periodSchema) period: z.output<typeof periodSchema>) {
    return this.scorecards.run(this.dataSource.manager, agentId, new Date(period.from), new Date(period.to));
  }
}
