import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { type Clock, JURISDICTIONS, LOCALES } from '@clearpath/contracts';
import { Roles } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, ValidBody } from '@clearpath/platform';
import { CHANNELS } from '../compliance/channel';
import { contactCheckRequestSchema } from '../compliance/contact-check.schema';
import { decide } from '../compliance/contact-guard';
import { CONTENT_RULES, checkContent, type ContentViolation } from '../compliance/content.rules';
import { SHIPPED_PROFILES } from '../compliance/jurisdiction-profiles';
import { STOP_RULES } from '../compliance/stop.rules';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';

/** `POST /v1/compliance/content-check`: strict, so a misspelt field is named rather than ignored. */
const contentCheckRequestSchema = z.strictObject({
  text: z.string().min(1, 'must not be empty').max(20_000, 'must be at most 20,000 characters'),
  locale: z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` }),
  channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }),
  jurisdiction: z.enum(JURISDICTIONS, { message: `must be one of ${JURISDICTIONS.join(', ')}` }),
  audience: z.enum(['debtor', 'third-party']).default('debtor'),
});

@ApiTags('compliance')
@ApiSecurity('api-key')
@Controller('v1/compliance')
export class ComplianceController {
  constructor(
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get('summary')
  @Roles('supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: 'Cases by state, attempts by channel and status, and every guard decision counted by kind and rule id (from the audit trail)' })
  async summary() {
    const [cases, attempts, decisions] = await Promise.all([
      this.dataSource.query(`SELECT state, coalesce(state_reason, '') AS reason, count(*)::int AS cases FROM cases GROUP BY 1, 2 ORDER BY cases DESC`),
      this.dataSource.query(`SELECT channel, status, count(*)::int AS attempts FROM contact_attempts GROUP BY 1, 2 ORDER BY attempts DESC`),
      this.dataSource.query(
        `SELECT kind, rule_id AS "ruleId", count(*)::int AS decisions FROM compliance_decisions, unnest(CASE WHEN rule_ids = '{}' THEN ARRAY['(none)'] ELSE rule_ids END) AS rule_id
         GROUP BY 1, 2 ORDER BY kind, decisions DESC`,
      ),
    ]);
    return { cases, attempts, decisions };
  }

  @Get('profiles')
  @Roles('agent', 'supervisor', 'compliance', 'ops', 'service')
  @ApiOperation({ summary: 'The jurisdiction profiles in force (shipped, or tightened by the lender), the stop rules and the content rules' })
  profiles() {
    return {
      profileSet: this.policy.profileSet,
      profiles: this.policy.profiles,
      shippedProfiles: SHIPPED_PROFILES,
      stopRules: STOP_RULES.map((r) => ({ ruleId: r.ruleId, source: r.source, effect: r.effect })),
      contentRules: CONTENT_RULES,
    };
  }

  @Post('check')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'compliance', 'service')
  @ApiOperation({
    summary: 'Dry run: would this contact be allowed now (or at `at`), deferred (until when) or blocked, and by which rules. Nothing is stored.',
  })
  check(
    @ValidBody(contactCheckRequestSchema, {
      example: {
        proposal: { channel: 'SMS', purpose: 'collection', recipient: 'debtor' },
        context: {
          jurisdiction: 'CN',
          timezone: 'Asia/Shanghai',
          activeFlags: [],
          loanClosed: false,
          caseResolved: false,
          openComplaints: [],
          disputeOpen: false,
          optedOutChannels: [],
          debtorUnreachable: false,
          attempts: [],
        },
        at: '2026-12-01T23:00:00+08:00',
      },
    })
    { proposal, context, at }: z.output<typeof contactCheckRequestSchema>,
  ) {
    const now = at === undefined ? this.clock.now() : new Date(at);
    try {
      const decision = decide(proposal, context, now, this.policy.profiles[context.jurisdiction]);
      return {
        decision: decision.kind,
        ruleIds: decision.ruleIds,
        until: decision.kind === 'deferred' ? decision.until.toISOString() : null,
        requirements: decision.kind === 'allowed' ? decision.requirements : [],
        at: now.toISOString(),
        profileId: this.policy.profileId(context.jurisdiction),
      };
    } catch (error) {
      // The guard cannot judge this input: say so, never answer "allowed".
      throw ProblemException.badRequest(`The guard cannot judge this contact: ${(error as Error).message}`);
    }
  }

  @Post('content-check')
  @HttpCode(200)
  @Roles('agent', 'supervisor', 'compliance', 'service')
  @ApiOperation({
    summary:
      'Dry run for template authors: would the content rules block this text, which rules, and where (offsets into the text as sent). Nothing is stored.',
  })
  contentCheck(
    @ValidBody(contentCheckRequestSchema, {
      example: { text: '您好，您的还款已逾期，请尽快还款。回复TD退订短信。', locale: 'zh-CN', channel: 'SMS', jurisdiction: 'CN' },
    })
    { text, locale, channel, jurisdiction, audience }: z.output<typeof contentCheckRequestSchema>,
  ) {
    const result = checkContent(text, { locale, channel, jurisdiction, audience });
    return {
      blocked: !result.ok,
      ruleIds: [...new Set(result.violations.map((v) => v.ruleId))],
      matches: result.violations.map((v) => matchOf(v, text)),
    };
  }
}

/** Where a violation is in the text as given: the checker's offsets, or the first place its match occurs. */
function matchOf(v: ContentViolation & { start?: number; end?: number; excerpt?: string; why?: string }, text: string) {
  let start = v.start ?? null;
  let end = v.end ?? null;
  if (start === null && v.match !== '') {
    const at = text.indexOf(v.match);
    if (at >= 0) [start, end] = [at, at + v.match.length];
  }
  const excerpt = v.excerpt ?? (start !== null && end !== null ? text.slice(start, end) : null);
  return { ruleId: v.ruleId, kind: v.kind, start, end, excerpt, ...(v.why !== undefined ? { why: v.why } : {}) };
}
