import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_OUTCOMES, COMPLAINT_SEVERITIES, COMPLAINT_STATUSES, isTimeZone, JURISDICTIONS, LOCALES } from '@clearpath/contracts';
import { type AuthPrincipal, Principal, Roles } from '@clearpath/auth';
import { InjectLogger, type Logger, ProblemException } from '@clearpath/observability';
import { DATA_SOURCE, ValidBody, ValidQuery } from '@clearpath/platform';
import { COMPLAINT_CHANNELS, COMPLAINT_SOURCES } from '../complaints/complaint.record';
import { ComplaintRepository } from '../complaints/complaint.repository';
import { ExtendDeadlineUseCase } from '../complaints/extend-deadline.use-case';
import { OpenComplaintUseCase } from '../complaints/open-complaint.use-case';
import { OverrideTriageUseCase } from '../complaints/override-triage.use-case';
import { ResolveComplaintUseCase } from '../complaints/resolve-complaint.use-case';
import { TransitionComplaintUseCase } from '../complaints/transition-complaint.use-case';
import { ContactAttemptsRepository } from '../evidence/contact-attempts.repository';
import { REMEDIES } from '../letters/response-letter';
import { describeText } from '../privacy/personal-data.mask';
import { complaintView } from './complaint.view';

const intakeSchema = z.object({
  loanId: z.string().min(1).max(100),
  customerId: z.string().min(1).max(100),
  source: z.enum(COMPLAINT_SOURCES),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES).optional(),
  text: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'),
  locale: z.enum(LOCALES),
  attemptIds: z.array(z.uuid()).max(100),
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai').optional(),
  // An instant, so the offset is required: "10:00" alone would be a different moment in every zone.
  receivedAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO-8601 instant with an offset, e.g. 2026-12-01T10:00:00+08:00' })
    .transform((s) => new Date(s))
    .optional(),
});

const triageSchema = z
  .object({ category: z.enum(COMPLAINT_CATEGORIES).optional(), severity: z.enum(COMPLAINT_SEVERITIES).optional(), reason: z.string().trim().min(1).max(2_000) })
  .refine((b) => b.category !== undefined || b.severity !== undefined, { message: 'give a category or a severity', path: ['category'] });

const statusSchema = z.object({
  // resolved only through /resolve, which records the outcome and produces the letter
  status: z
    .enum(COMPLAINT_STATUSES)
    .refine((s) => s !== 'resolved' && s !== 'received', 'must be acknowledged, investigating, closed or withdrawn (resolve through /resolve)'),
  note: z.string().trim().max(2_000).optional(),
});

const extendSchema = z.object({ toDays: z.number().int().positive().optional(), reason: z.string().trim().min(1).max(2_000) });

const resolveSchema = z.object({
  outcome: z.enum(COMPLAINT_OUTCOMES),
  remedies: z.array(z.enum(REMEDIES)).max(REMEDIES.length),
  summary: z.string().trim().max(5_000).optional(),
});

const listSchema = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional(),
  breachingBefore: z.iso.datetime({ offset: true }).optional(),
  loanId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function complaintId(id: string): string {
  if (!UUID.test(id)) throw ProblemException.notFound(`No complaint ${id}.`);
  return id;
}

@ApiTags('complaints')
@ApiSecurity('api-key')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(
    private readonly openComplaint: OpenComplaintUseCase,
    private readonly overrideTriage: OverrideTriageUseCase,
    private readonly transitionComplaint: TransitionComplaintUseCase,
    private readonly extendDeadline: ExtendDeadlineUseCase,
    private readonly resolveComplaint: ResolveComplaintUseCase,
    private readonly complaints: ComplaintRepository,
    private readonly attempts: ContactAttemptsRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('service', 'agent', 'supervisor', 'compliance')
  @ApiOperation({
    summary: 'Take a complaint: triage suggestion, severity, deadlines from receivedAt (default now); contact is suspended at once (ComplaintStatusChanged)',
  })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description:
      'Repeating a request with the same key (same caller, same body) answers the first complaint with 200 instead of opening another; the same key with another body is 409',
  })
  async open(
    @ValidBody(intakeSchema, {
      example: {
        loanId: 'LN-1',
        customerId: 'C-1',
        source: 'AGENT_PHONE',
        channel: 'PHONE',
        text: '催收员一天打了二十多个电话还骂人',
        locale: 'zh-CN',
        attemptIds: [],
        receivedAt: '2026-12-01T10:00:00+08:00',
      },
    })
    command: z.output<typeof intakeSchema>,
    @Req() request: Request,
    @Principal() caller: AuthPrincipal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const key = request.header('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key))
      throw ProblemException.validation([{ path: 'idempotency-key', message: 'must be 1–200 printable ASCII characters' }]);
    const { complaint, replayed } = await this.openComplaint.execute(command, caller, key);
    if (replayed) {
      response.status(200);
      return complaintView(complaint, caller.role, { withText: false });
    }
    // The text is personal data: the log says only that it was there.
    this.logger.info(
      {
        complaintId: complaint.complaintId,
        loanId: complaint.loanId,
        category: complaint.category,
        severity: complaint.severity,
        text: describeText(command.text),
      },
      'complaint received',
    );
    return complaintView(complaint, caller.role, { withText: false });
  }

  @Get()
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Complaints by status, or open ones whose deadline falls before a time (customer ids masked for supervisors)' })
  async list(@ValidQuery(listSchema) q: z.output<typeof listSchema>, @Principal() caller: AuthPrincipal) {
    const rows = await this.complaints.list(this.dataSource.manager, {
      status: q.status,
      breachingBefore: q.breachingBefore ? new Date(q.breachingBefore) : undefined,
      loanId: q.loanId,
      limit: q.limit,
    });
    return { complaints: rows.map((c) => complaintView(c, caller.role, { withText: false })) };
  }

  @Get(':id')
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'The complaint, its history and the evidence (the loan’s contact attempts, the named ones first)' })
  async get(@Param('id') id: string, @Principal() caller: AuthPrincipal) {
    const m = this.dataSource.manager;
    const complaint = await this.complaints.find(m, complaintId(id));
    if (!complaint) throw ProblemException.notFound(`No complaint ${id}.`);
    return {
      ...complaintView(complaint, caller.role, { withText: true }),
      history: await this.complaints.history(m, complaint),
      evidence: await this.attempts.evidence(m, complaint.loanId, complaint.attemptIds),
    };
  }

  @Post(':id/triage')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Confirm or override category and/or severity (recorded in the history; a change re-publishes the status)' })
  async triage(@Param('id') id: string, @ValidBody(triageSchema) change: z.output<typeof triageSchema>, @Principal() caller: AuthPrincipal) {
    return complaintView(await this.overrideTriage.execute(complaintId(id), change, caller), caller.role, { withText: false });
  }

  @Post(':id/status')
  @HttpCode(200)
  // Agents and the system once could withdraw; a withdrawal lifts the contact suspension, so it is
  // compliance's alone now (complaint-duties.ts) and they have nothing left to do here.
  @Roles('supervisor', 'compliance')
  @ApiOperation({
    summary:
      'acknowledged → investigating → (resolve) → closed; withdrawn from any open state, by compliance only (403 complaint-withdrawal). Illegal transitions are 409.',
  })
  async status(@Param('id') id: string, @ValidBody(statusSchema) { status, note }: z.output<typeof statusSchema>, @Principal() caller: AuthPrincipal) {
    return complaintView(await this.transitionComplaint.execute(complaintId(id), status, note, caller), caller.role, { withText: false });
  }

  @Post(':id/extend')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Extend the deadline: CN to 30 (compliance) or 60 (supervisor approval), US to 60; GB 409' })
  async extend(@Param('id') id: string, @ValidBody(extendSchema) extension: z.output<typeof extendSchema>, @Principal() caller: AuthPrincipal) {
    return complaintView(await this.extendDeadline.execute(complaintId(id), extension, caller), caller.role, { withText: false });
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('supervisor', 'compliance')
  @ApiOperation({ summary: 'Record the outcome and remedies; produces the response letter in the debtor’s locale' })
  async resolve(@Param('id') id: string, @ValidBody(resolveSchema) resolution: z.output<typeof resolveSchema>, @Principal() caller: AuthPrincipal) {
    return complaintView(await this.resolveComplaint.execute(complaintId(id), resolution, caller), caller.role, { withText: false });
  }

  @Get(':id/letter')
  @Roles('service', 'supervisor', 'compliance')
  @ApiOperation({ summary: 'The response letter (subject and body in the debtor’s locale)' })
  async letter(@Param('id') id: string) {
    const complaint = await this.complaints.find(this.dataSource.manager, complaintId(id));
    if (!complaint) throw ProblemException.notFound(`No complaint ${id}.`);
    if (!complaint.letter) throw ProblemException.notFound(`Complaint ${id} has no response letter yet (it is ${complaint.status}).`);
    return { complaintId: complaint.complaintId, ...complaint.letter };
  }
}
