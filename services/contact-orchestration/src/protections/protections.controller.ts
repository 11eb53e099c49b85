import { Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { validateWith, type Clock } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, parseJsonBody } from '@clearpath/platform';
import { CHANNELS } from '../compliance/channel';
import { UUID } from '../outcomes/outcomes.controller';
import { ComplianceStatesService } from './compliance-states.service';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with offset' });
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM"');
const note = z.string().max(1000).optional();

const breathingSpaceSchema = z.strictObject({ type: z.enum(['standard', 'mental-health-crisis']), startedAt: instant });
const treatmentEndedSchema = z.strictObject({ endedAt: instant });
const endSchema = z.strictObject({ reason: z.string().min(1).max(500) });
const inconvenienceSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('time'),
      from: timeOfDay,
      to: timeOfDay,
      weekdays: z.array(z.int().min(1, 'ISO weekday: 1 (Monday) to 7').max(7, 'ISO weekday: 1 (Monday) to 7')).min(1).max(7).optional(),
      channels: z.array(z.enum(CHANNELS)).min(1).optional(),
    })
    .refine((t) => t.from !== t.to, { message: 'from and to must differ', path: ['to'] }),
  z.strictObject({ kind: z.literal('place'), place: z.enum(['home', 'work']) }),
]);
const disputeNoteSchema = z.strictObject({ note });
const thirdPartySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  phone: z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'must be a phone number'),
  relationship: z.string().trim().min(1).max(100),
});

function body<T>(schema: z.ZodType<T>, request: Request): T {
  const checked = validateWith(schema, parseJsonBody(request.body));
  if (!checked.ok) throw ProblemException.validation(checked.errors);
  return checked.value;
}

function uuid(id: string, name: string): void {
  if (!UUID.test(id)) throw ProblemException.validation([{ path: name, message: 'must be a uuid' }]);
}

/**
 * Protections with a lifecycle, recorded by people: breathing spaces (start, type, end), the
 * debtor's stated inconvenient times and places, and disputes (open → verification sent → closed).
 * Every change holds at the next contact the guard judges.
 */
@ApiTags('protections')
@ApiSecurity('api-key')
@Controller('v1')
export class ProtectionsController {
  constructor(
    private readonly states: ComplianceStatesService,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('customers/:customerId/protections')
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'system')
  @ApiOperation({ summary: "What protects a person over all their loans: opt-outs, breathing spaces, inconvenient times and places, recent inbound contacts" })
  protections(@Param('customerId') customerId: string) {
    return this.states.protectionsOf(this.dataSource.manager, customerId);
  }

  @Post('customers/:customerId/breathing-space')
  @HttpCode(201)
  @Roles('compliance', 'supervisor', 'system')
  @ApiOperation({ summary: 'Start a breathing space (standard: 60 days, ends at the start of the 61st local day; mental-health crisis: until 30 days after the end of treatment is reported)' })
  async startBreathingSpace(@Param('customerId') customerId: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    const b = body(breathingSpaceSchema, request);
    return this.dataSource.transaction(async (m) => {
      const zone = await this.states.zoneOf(m, customerId);
      if (zone === null) throw new ProblemException({ status: 422, detail: `No time zone is known for customer ${customerId}: the breathing space's end is a local day.`, errors: [{ path: 'customerId', message: 'unknown customer' }] });
      return this.states.startBreathingSpace(m, customerId, b.type, new Date(b.startedAt), zone, caller, this.clock.now());
    });
  }

  @Post('breathing-spaces/:id/treatment-ended')
  @HttpCode(200)
  @Roles('compliance', 'supervisor', 'system')
  @ApiOperation({ summary: 'A crisis breathing space: the end of treatment was reported; it ends 30 days later (local day start)' })
  async treatmentEnded(@Param('id') id: string, @Req() request: Request) {
    uuid(id, 'id');
    const b = body(treatmentEndedSchema, request);
    return this.dataSource.transaction(async (m) => {
      const space = await this.states.breathingSpace(m, id);
      if (space === null) throw ProblemException.notFound(`No breathing space ${id}.`);
      const zone = (await this.states.zoneOf(m, space.customerId)) ?? 'UTC';
      const result = await this.states.treatmentEnded(m, id, new Date(b.endedAt), zone, this.clock.now());
      if (result === 'not-crisis') throw ProblemException.conflict(`Breathing space ${id} is a standard one: it ends on its own after 60 days.`);
      if (result === 'not-found') throw ProblemException.notFound(`No breathing space ${id}.`);
      return result;
    });
  }

  @Post('breathing-spaces/:id/end')
  @HttpCode(200)
  @Roles('compliance', 'supervisor', 'system')
  @ApiOperation({ summary: 'End a breathing space early (cancelled by the debt adviser)' })
  async endBreathingSpace(@Param('id') id: string, @Req() request: Request) {
    uuid(id, 'id');
    const b = body(endSchema, request);
    const ended = await this.dataSource.transaction((m) => this.states.endBreathingSpace(m, id, b.reason, this.clock.now()));
    if (ended === null) throw ProblemException.notFound(`No breathing space ${id}.`);
    return ended;
  }

  @Post('customers/:customerId/inconvenient-times')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'compliance', 'system')
  @ApiOperation({ summary: "Record a time (local, weekdays, channels) or place (home, work) the debtor said is inconvenient (12 CFR 1006.6(b)(1)); honoured at every contact" })
  async inconvenient(@Param('customerId') customerId: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    const entry = body(inconvenienceSchema, request);
    const id = await this.dataSource.transaction(async (m) => {
      if ((await this.states.zoneOf(m, customerId)) === null) throw ProblemException.notFound(`No customer ${customerId} is known to contact-orchestration.`);
      return this.states.recordInconvenience(m, customerId, entry, caller, this.clock.now());
    });
    return { id, customerId, ...entry };
  }

  @Post('inconvenient-times/:id/withdraw')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'compliance', 'system')
  @ApiOperation({ summary: 'The debtor withdrew a stated inconvenient time or place' })
  async withdraw(@Param('id') id: string) {
    uuid(id, 'id');
    if (!(await this.dataSource.transaction((m) => this.states.withdrawInconvenience(m, id, this.clock.now())))) throw ProblemException.notFound(`No inconvenient time ${id} in force.`);
    return { id, withdrawn: true };
  }

  @Post('customers/:customerId/third-parties')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'system')
  @ApiOperation({ summary: 'A person the debtor named (personal data): asked, only if the debtor cannot be reached, only how to reach them, once unless they ask for more' })
  async addThirdParty(@Param('customerId') customerId: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    const entry = body(thirdPartySchema, request);
    const id = await this.dataSource.transaction(async (m) => {
      if ((await this.states.zoneOf(m, customerId)) === null) throw ProblemException.notFound(`No customer ${customerId} is known to contact-orchestration.`);
      return this.states.addThirdParty(m, customerId, entry, caller, this.clock.now());
    });
    return { id, customerId, relationship: entry.relationship };
  }

  @Post('third-parties/:id/more-requested')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'system')
  @ApiOperation({ summary: 'The third party asked to be contacted again: one more location contact' })
  async moreRequested(@Param('id') id: string) {
    uuid(id, 'id');
    if (!(await this.dataSource.transaction((m) => this.states.thirdPartyAskedForMore(m, id, this.clock.now())))) throw ProblemException.notFound(`No third party ${id} in force.`);
    return { id, moreRequested: true };
  }

  @Get('cases/:loanId/disputes')
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'system')
  @ApiOperation({ summary: "A loan's disputes with their audited history" })
  disputes(@Param('loanId') loanId: string) {
    return this.states.disputesOf(this.dataSource.manager, loanId);
  }

  @Post('cases/:loanId/disputes')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'compliance', 'system')
  @ApiOperation({ summary: 'Record a dispute (by letter, e-mail or in person): collection contact on the loan stops until verification is sent' })
  async openDispute(@Param('loanId') loanId: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    const b = body(disputeNoteSchema, request);
    const d = await this.dataSource.transaction((m) => this.states.openDispute(m, loanId, caller, b.note ?? null, this.clock.now()));
    if (d === null) throw ProblemException.notFound(`No case ${loanId} is known to contact-orchestration.`);
    return d;
  }

  @Post('disputes/:id/verification-sent')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Verification of the debt was sent to the debtor: collection contact may resume (12 CFR 1006.38(d)(2))' })
  verificationSent(@Param('id') id: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    return this.move(id, 'verification-sent', request, caller);
  }

  @Post('disputes/:id/close')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Close a dispute' })
  close(@Param('id') id: string, @Req() request: Request, @Principal() caller: AuthPrincipal) {
    return this.move(id, 'closed', request, caller);
  }

  private async move(id: string, to: 'verification-sent' | 'closed', request: Request, caller: AuthPrincipal) {
    uuid(id, 'id');
    const b = body(disputeNoteSchema, request);
    const result = await this.dataSource.transaction((m) => this.states.moveDispute(m, id, to, caller, b.note ?? null, this.clock.now()));
    if (result.kind === 'not-found') throw ProblemException.notFound(`No dispute ${id}.`);
    if (result.kind === 'illegal') throw ProblemException.conflict(`Dispute ${id} is ${result.from}: it cannot become ${to}.`);
    return result.dispute;
  }
}
