import { Controller, DefaultValuePipe, Get, Inject, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Clock } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException, maskPersonalData } from '@clearpath/observability';
import { LoanRepository } from './loan.repository';
import { activeFlags } from './loan-state';
import { CLOCK, DATA_SOURCE } from '@clearpath/platform';

/** Roles whose work needs the debtor's real name and phone; everyone else sees them masked. */
const MAY_SEE_PERSONAL_DATA = new Set(['service', 'supervisor', 'compliance']);

@ApiTags('loans')
@ApiSecurity('api-key')
@Controller('v1/loans')
export class LoansController {
  constructor(
    private readonly loans: LoanRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':loanId')
  @Roles('service', 'agent', 'supervisor', 'compliance', 'ops')
  @ApiOperation({ summary: "A loan's current state; personal data masked unless the caller's role may see it" })
  async get(@Param('loanId') loanId: string, @Principal() principal: AuthPrincipal) {
    const state = await this.loans.findLoan(this.dataSource.manager, loanId);
    if (!state) throw ProblemException.notFound(`No loan ${loanId} is known to ingestion.`);
    const view = { ...state, activeFlags: activeFlags(state, this.clock.now()) };
    return MAY_SEE_PERSONAL_DATA.has(principal.role) ? view : { ...view, customer: maskPersonalData(view.customer) };
  }

  @Get(':loanId/events')
  @Roles('service', 'agent', 'supervisor', 'compliance', 'ops')
  @ApiOperation({ summary: "The loan's event log, oldest first, with each event's status; page with ?after=<id>" })
  @ApiQuery({ name: 'after', required: false, description: 'id of the last event of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  async events(
    @Param('loanId') loanId: string,
    @Principal() principal: AuthPrincipal,
    @Query('after', new DefaultValuePipe(0), ParseIntPipe) after: number,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ) {
    if (limit < 1 || limit > 500) throw ProblemException.validation([{ path: 'limit', message: 'must be 1..500' }]);
    const items = await this.loans.pageEvents(this.dataSource.manager, loanId, after, limit);
    const visible = MAY_SEE_PERSONAL_DATA.has(principal.role) ? items : items.map((i) => ({ ...i, payload: maskPersonalData(i.payload) }));
    return { items: visible, next: items.length === limit ? { after: items[items.length - 1].id } : null };
  }
}
