import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Roles } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { DATA_SOURCE } from '@clearpath/platform';
import { CaseRepository } from '../cases/case.repository';

interface TimelineRow {
  id: string;
  step_id: string;
  channel: string;
  template_id: string;
  template_version: number | null;
  treatment_id: string;
  treatment_version: number;
  status: string;
  due_at: Date;
  decision_kind: string | null;
  rule_ids: string[];
  detail: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  decisions: Array<{ kind: string; ruleIds: string[]; until: string | null; profileId: string; decidedAt: string }>;
  outcomes: Array<{ outcome: string; detail: Record<string, unknown>; recordedRole: string; recordedAt: string }>;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

@ApiTags('cases')
@ApiSecurity('api-key')
@Controller('v1/cases')
export class ContactsController {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get(':loanId/contacts')
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: "The case's contact timeline: planned, sent, deferred and blocked attempts with every decision's rule ids and the outcomes" })
  async timeline(@Param('loanId') loanId: string) {
    const record = await this.cases.findOne(this.dataSource.manager, loanId);
    if (record === null) throw ProblemException.notFound(`No case ${loanId} is known to contact-orchestration.`);
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT a.id, a.step_id, a.channel, a.template_id, a.template_version, a.treatment_id, a.treatment_version, a.status, a.due_at,
         a.decision_kind, a.rule_ids, a.detail, a.provider_message_id, a.sent_at, a.delivered_at, a.created_at,
         coalesce((SELECT jsonb_agg(jsonb_build_object('kind', d.kind, 'ruleIds', to_jsonb(d.rule_ids), 'until', d.until, 'profileId', d.profile_id, 'decidedAt', d.decided_at) ORDER BY d.id)
                   FROM compliance_decisions d WHERE d.attempt_id = a.id), '[]'::jsonb) AS decisions,
         coalesce((SELECT jsonb_agg(jsonb_build_object('outcome', o.outcome, 'detail', o.detail, 'recordedRole', o.recorded_role, 'recordedAt', o.recorded_at) ORDER BY o.recorded_at)
                   FROM contact_outcomes o WHERE o.attempt_id = a.id), '[]'::jsonb) AS outcomes
       FROM contact_attempts a WHERE a.loan_id = $1 ORDER BY a.created_at, a.step_id`,
      [loanId],
    );
    // The loan's own complaints, and the person's complaints on other loans that stop all contact (complaint-open).
    const complaints: Array<{ complaint_id: string; category: string; guard_category: string; opened_at: Date }> = await this.dataSource.query(
      `SELECT complaint_id, category, guard_category, opened_at FROM open_complaints
       WHERE loan_id = $1 OR (customer_id = $2 AND guard_category <> 'other') ORDER BY opened_at`,
      [loanId, record.customerId],
    );
    return {
      loanId,
      case: {
        state: record.state,
        stateReason: record.stateReason,
        treatmentId: record.treatmentId,
        treatmentVersion: record.treatmentVersion,
        segmentedAt: record.segmentedAt,
        dpdBucket: record.dpdBucket,
        disputeOpen: record.disputeOpen,
        hardship: record.hardship,
        openPromise: record.openPromise,
        optedOutChannels: record.optedOutChannels,
        activeFlags: record.activeFlags,
        stepsDone: record.stepsDone,
        lastContactAt: record.lastContactAt,
        lastPaymentAt: record.lastPaymentAt,
        openComplaints: complaints.map((c) => ({
          complaintId: c.complaint_id,
          category: c.category,
          guardRule: c.guard_category === 'other' ? 'complaint-open-other' : 'complaint-open',
          openedAt: c.opened_at.toISOString(),
        })),
      },
      attempts: rows.map((r) => ({
        attemptId: r.id,
        stepId: r.step_id,
        channel: r.channel,
        templateId: r.template_id,
        templateVersion: r.template_version,
        treatment: { id: r.treatment_id, version: r.treatment_version },
        status: r.status,
        dueAt: r.due_at.toISOString(),
        decision: r.decision_kind,
        ruleIds: r.rule_ids,
        detail: r.detail,
        providerMessageId: r.provider_message_id,
        plannedAt: r.created_at.toISOString(),
        sentAt: iso(r.sent_at),
        deliveredAt: iso(r.delivered_at),
        decisions: r.decisions.map((d) => ({
          ...d,
          until: d.until === null ? null : new Date(d.until).toISOString(),
          decidedAt: new Date(d.decidedAt).toISOString(),
        })),
        outcomes: r.outcomes.map((o) => ({ ...o, recordedAt: new Date(o.recordedAt).toISOString() })),
      })),
    };
  }
}
