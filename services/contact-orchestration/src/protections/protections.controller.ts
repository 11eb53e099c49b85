import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '@clearpath/contracts';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, ValidBody, ValidParam } from '@clearpath/platform';
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

const uuid = z.string().regex(UUID, 'must be a uuid');

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
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: 'What protects a person over all their loans: opt-outs, breathing spaces, inconvenient times and places, recent inbound contacts' })
  protections(@Param('customerId') customerId: string) {
    return this.states.protectionsOf(this.dataSource.manager, customerId);
  }

  @Post('customers/:customerId/breathing-space')
  @HttpCode(201)
  @Roles('compliance', 'supervisor', 'service')
  @ApiOperation({
    summary:
      'Start a breathing space (standard: 60 days, ends at the start of the 61st local day; mental-health crisis: until 30 days after the end of treatment is reported)',
  })
  async startBreathingSpace(
    @Param('customerId') customerId: string,
    @ValidBody(breathingSpaceSchema) b: z.output<typeof breathingSpaceSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    return this.dataSource.transaction(async (m) => {
      const zone = await this.states.zoneOf(m, customerId);
      if (zone === null)
        throw new ProblemException({
          status: 422,
          detail: `No time zone is known for customer ${customerId}: the breathing space's end is a local day.`,
          errors: [{ path: 'customerId', message: 'unknown customer' }],
        });
      return this.states.startBreathingSpace(m, customerId, b.type, new Date(b.startedAt), zone, caller, this.clock.now());
    });
  }

  @Post('breathing-spaces/:id/treatment-ended')
  @HttpCode(200)
  @Roles('compliance', 'supervisor', 'service')
  @ApiOperation({ summary: 'A crisis breathing space: the end of treatment was reported; it ends 30 days later (local day start)' })
  async treatmentEnded(
    @ValidParam('id', uuid) id: string,
    @ValidBody(treatmentEndedSchema) b: z.output<typeof treatmentEndedSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    return this.dataSource.transaction(async (m) => {
      const space = await this.states.breathingSpace(m, id);
      if (space === null) throw ProblemException.notFound(`No breathing space ${id}.`);
      const zone = (await this.states.zoneOf(m, space.customerId)) ?? 'UTC';
      const result = await this.states.treatmentEnded(m, id, new Date(b.endedAt), zone, caller, this.clock.now());
      if (result === 'not-crisis') throw ProblemException.conflict(`Breathing space ${id} is a standard one: it ends on its own after 60 days.`);
      if (result === 'not-found') throw ProblemException.notFound(`No breathing space ${id}.`);
      return result;
    });
  }

  @Post('breathing-spaces/:id/end')
  @HttpCode(200)
  @Roles('compliance', 'supervisor', 'service')
  @ApiOperation({ summary: 'End a breathing space early (cancelled by the debt adviser)' })
  async endBreathingSpace(@ValidParam('id', uuid) id: string, @ValidBody(endSchema) b: z.output<typeof endSchema>, @Principal() caller: AuthPrincipal) {
    const ended = await this.dataSource.transaction((m) => this.states.endBreathingSpace(m, id, b.reason, caller, this.clock.now()));
    if (ended === null) throw ProblemException.notFound(`No breathing space ${id}.`);
    return ended;
  }

  @Post('customers/:customerId/inconvenient-times')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'compliance', 'service')
  @ApiOperation({
    summary: 'Record a time (local, weekdays, channels) or place (home, work) the debtor said is inconvenient (12 CFR 1006.6(b)(1)); honoured at every contact',
  })
  async inconvenient(
    @Param('customerId') customerId: string,
    @ValidBody(inconvenienceSchema) entry: z.output<typeof inconvenienceSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    const id = await this.dataSource.transaction(async (m) => {
      if ((await this.states.zoneOf(m, customerId)) === null) throw ProblemException.notFound(`No customer ${customerId} is known to contact-orchestration.`);
      return this.states.recordInconvenience(m, customerId, entry, caller, this.clock.now());
    });
    return { id, customerId, ...entry };
  }

  @Post('inconvenient-times/:id/withdraw')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'compliance', 'service')
  @ApiOperation({ summary: 'The debtor withdrew a stated inconvenient time or place' })
  async withdraw(@ValidParam('id', uuid) id: string, @Principal() caller: AuthPrincipal) {
    if (!(await this.dataSource.transaction((m) => this.states.withdrawInconvenience(m, id, caller, this.clock.now()))))
      throw ProblemException.notFound(`No inconvenient time ${id} in force.`);
    return { id, withdrawn: true };
  }

  @Post('customers/:customerId/third-parties')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'service')
  @ApiOperation({
    summary: 'A person the debtor named (personal data): asked, only if the debtor cannot be reached, only how to reach them, once unless they ask for more',
  })
  async addThirdParty(
    @Param('customerId') customerId: string,
    @ValidBody(thirdPartySchema) entry: z.output<typeof thirdPartySchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    const id = await this.dataSource.transaction(async (m) => {
      if ((await this.states.zoneOf(m, customerId)) === null) throw ProblemException.notFound(`No customer ${customerId} is known to contact-orchestration.`);
      return this.states.addThirdParty(m, customerId, entry, caller, this.clock.now());
    });
    return { id, customerId, relationship: entry.relationship };
  }

  @Post('third-parties/:id/more-requested')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'service')
  @ApiOperation({ summary: 'The third party asked to be contacted again: one more location contact' })
  async moreRequested(@ValidParam('id', uuid) id: string, @Principal() caller: AuthPrincipal) {
    if (!(await this.dataSource.transaction((m) => this.states.thirdPartyAskedForMore(m, id, caller, this.clock.now()))))
      throw ProblemException.notFound(`No third party ${id} in force.`);
    return { id, moreRequested: true };
  }

  @Get('cases/:loanId/disputes')
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: "A loan's disputes with their audited history" })
  disputes(@Param('loanId') loanId: string) {
    return this.states.disputesOf(this.dataSource.manager, loanId);
  }

  @Post('cases/:loanId/disputes')
  @HttpCode(201)
  @Roles('agent', 'supervisor', 'compliance', 'service')
  @ApiOperation({ summary: 'Record a dispute (by letter, e-mail or in person): collection contact on the loan stops until verification is sent' })
  async openDispute(@Param('loanId') loanId: string, @ValidBody(disputeNoteSchema) b: z.output<typeof disputeNoteSchema>, @Principal() caller: AuthPrincipal) {
    const d = await this.dataSource.transaction((m) => this.states.openDispute(m, loanId, caller, b.note ?? null, this.clock.now()));
    if (d === null) throw ProblemException.notFound(`No case ${loanId} is known to contact-orchestration.`);
    return d;
  }

  @Post('disputes/:id/verification-sent')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Verification of the debt was sent to the debtor: collection contact may resume (12 CFR 1006.38(d)(2))' })
  verificationSent(
    @ValidParam('id', uuid) id: string,
    @ValidBody(disputeNoteSchema) b: z.output<typeof disputeNoteSchema>,
    @Principal() caller: AuthPrincipal,
  ) {
    return this.move(id, 'verification-sent', b.note, caller);
  }

  @Post('disputes/:id/close')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Close a dispute' })
  close(@ValidParam('id', uuid) id: string, @ValidBody(disputeNoteSchema) b: z.output<typeof disputeNoteSchema>, @Principal() caller: AuthPrincipal) {
    return this.move(id, 'closed', b.note, caller);
  }

  private async move(id: string, to: 'verification-sent' | 'closed', note: string | undefined, caller: AuthPrincipal) {
    const result = await this.dataSource.transaction((m) => this.states.moveDispute(m, id, to, caller, note ?? null, this.clock.now()));
    if (result.kind === 'not-found') throw ProblemException.notFound(`No dispute ${id}.`);
    if (result.kind === 'illegal') throw ProblemException.conflict(`Dispute ${id} is ${result.from}: it cannot become ${to}.`);
    return result.dispute;
  }
}
