import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AMOUNT_PATTERN, type Clock, localDate, toMinorUnits } from '@clearpath/contracts';
import { FailedAttemptsLimiter, Public, verifySelfServiceToken } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { CLOCK, DATA_SOURCE, clientAddress } from '@clearpath/platform';
import type { CaseRecord } from '../cases/case-record';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';
import { LedgerRepository } from '../ledger/ledger.repository';
import { AcceptOfferUseCase } from '../plans/accept-offer.use-case';
import { PlanQueries } from '../plans/plan.queries';
import { RecordPromisesUseCase } from '../promises/record-promises.use-case';
import { isCivilDate } from '../schedule/civil-date';
import { ComplaintsClient } from './complaints.client';
import { type PageLanguage, pageLanguage } from './page.i18n';
import { renderLinkProblem, renderSelfService } from './page.renderer';

/**
 * The debtor's page at /s/{token}. The signed token in the path is the only credential: no login,
 * no cookies. Forms post back to /s/{token}/..., so a cross-site page cannot forge a post without
 * the token; a post whose Origin (or Sec-Fetch-Site) says it came from elsewhere is refused too.
 * Every answer is no-store, no-referrer (the token must not leak), framed by nobody, and names only
 * amounts and dates — the service holds no names or phone numbers. An address that keeps presenting
 * forged or mangled links is refused for a while (429), before its next link is even checked.
 */
@ApiExcludeController()
@Public()
@Controller('s')
export class SelfServiceController {
  constructor(
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly ledger: LedgerRepository,
    private readonly acceptOffer: AcceptOfferUseCase,
    private readonly queries: PlanQueries,
    private readonly promises: RecordPromisesUseCase,
    private readonly complaints: ComplaintsClient,
    private readonly linkAttempts: FailedAttemptsLimiter,
  ) {}

  @Get(':token')
  async page(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Query('done') done: unknown,
    @Query('error') error: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const opened = await this.open(token, lang, req, res);
    if (!opened) return;
    const { c, language } = opened;
    const m = this.dataSource.manager;
    const [plans, promises] = await Promise.all([this.ledger.plansOfLoan(m, c.loanId), this.ledger.promisesOfLoan(m, c.loanId)]);
    const hasOpenPlan = plans.some((p) => p.status === 'proposed' || p.status === 'pending-approval' || p.status === 'active');
    const offers = hasOpenPlan ? this.queries.offersFor(c).offers.filter((o) => o.kind === 'PROMISE') : this.queries.offersFor(c).offers;
    send(
      res,
      200,
      renderSelfService({
        lang: language,
        base: `/s/${encodeURIComponent(token)}`,
        c,
        offers,
        plans: plans.filter((p) => p.status !== 'cancelled'),
        promises,
        today: localDate(this.clock.now(), c.timezone, 'UTC'),
        phone: this.context.settings.lenderPhone,
        done: typeof done === 'string' ? done : null,
        error: typeof error === 'string' ? error : null,
      }),
    );
  }

  @Post(':token/plans')
  async acceptPlan(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const form = formOf(req);
    const opened = await this.open(token, form.get('lang'), req, res, true);
    if (!opened) return;
    const offerId = form.get('offerId') ?? '';
    try {
      await this.acceptOffer.execute({ loanId: opened.c.loanId, offerId }, 'debtor:self-service', cause());
      return back(res, token, opened.language, 'done', 'plan');
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 409)
        return back(res, token, opened.language, 'error', opened.c.status === 'resolved' ? 'resolved' : 'plan-exists');
      if (error instanceof ProblemException && error.getStatus() === 400) return back(res, token, opened.language, 'error', 'offer-gone');
      throw error;
    }
  }

  @Post(':token/promises')
  async promise(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const form = formOf(req);
    const opened = await this.open(token, form.get('lang'), req, res, true);
    if (!opened) return;
    const { c, language } = opened;
    const offer = this.queries.offersFor(c).offers.find((o) => o.kind === 'PROMISE');
    const amount = (form.get('amount') ?? '').trim();
    const date = (form.get('date') ?? '').trim();
    const today = localDate(this.clock.now(), c.timezone, 'UTC');
    const valid =
      offer !== undefined &&
      AMOUNT_PATTERN.test(amount) &&
      toMinorUnits(amount) > 0n &&
      toMinorUnits(amount) <= c.overdueMinor &&
      isCivilDate(date) &&
      date >= today &&
      date <= (offer.latestDate ?? today);
    if (!valid) return back(res, token, language, 'error', 'promise-invalid');
    await this.dataSource.transaction((m) => this.promises.fromDebtor(m, c, toMinorUnits(amount), date, cause()));
    return back(res, token, language, 'done', 'promise');
  }

  @Post(':token/complaints')
  async complaint(@Param('token') token: string, @Req() req: Request, @Res() res: Response) {
    const form = formOf(req);
    const opened = await this.open(token, form.get('lang'), req, res, true);
    if (!opened) return;
    const { c, language } = opened;
    const text = (form.get('text') ?? '').trim().slice(0, 4_000);
    if (text === '') return back(res, token, language, 'error', 'complaint-empty');
    const locale = language === 'zh-CN' ? 'zh-CN' : c.locale.startsWith('en') ? c.locale : 'en-GB';
    const ok = await this.complaints.forward({ loanId: c.loanId, customerId: c.customerId, text, locale }, cause().correlationId);
    return ok ? back(res, token, language, 'done', 'complaint') : back(res, token, language, 'error', 'complaint-unavailable');
  }

  /**
   * Refuses an address with too many bad links (429), verifies the link (401 bad, 410 expired), the
   * origin of a post (403), and finds the case (404).
   */
  private async open(token: string, lang: unknown, req: Request, res: Response, isPost = false): Promise<{ c: CaseRecord; language: PageLanguage } | null> {
    const phone = this.context.settings.lenderPhone;
    const fallback = pageLanguage(lang, null, req.header('accept-language'));
    const address = clientAddress(req);
    const attempt = this.linkAttempts.check(address);
    if (!attempt.allowed) throw tooManyBadLinks(attempt.retryAfterSeconds);
    const verified = verifySelfServiceToken(token, this.context.settings.selfServiceSecret, this.clock);
    if (!verified.ok) {
      // Only what a guesser produces counts: an expired link carries our own signature (an old SMS).
      if (verified.reason !== 'expired') this.linkAttempts.recordFailure(address);
      send(res, verified.reason === 'expired' ? 410 : 401, renderLinkProblem(fallback, verified.reason === 'expired' ? 'expired' : 'invalid', phone));
      return null;
    }
    if (isPost && !sameOrigin(req)) {
      send(res, 403, renderLinkProblem(fallback, 'origin', phone));
      return null;
    }
    const c = await this.queries.caseOf(verified.claims.loanId);
    if (!c || c.customerId !== verified.claims.customerId) {
      send(res, 404, renderLinkProblem(fallback, 'unknown', phone));
      return null;
    }
    return { c, language: pageLanguage(lang, c.locale, req.header('accept-language')) };
  }
}

/** problem+json, not a page: whoever has sent this many bad links is most likely not a debtor's browser. */
function tooManyBadLinks(retryAfterSeconds: number): ProblemException {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new ProblemException({
    status: 429,
    detail: `Too many links that are not valid came from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    headers: { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' },
  });
}

function cause() {
  return { correlationId: currentContext()?.correlationId ?? randomUUID(), causationId: null };
}

function formOf(req: Request): URLSearchParams {
  const body = req.body as unknown;
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  return new URLSearchParams(text);
}

/**
 * A post must come from this site's own page. Browsers say so in Sec-Fetch-Site (which no page can
 * set); with our no-referrer policy their Origin is "null", so Origin is compared only when it names
 * a site. A client that sends neither (not a browser) has no ambient credential to abuse: the token
 * in the path is the whole authority.
 */
export function sameOrigin(req: Request): boolean {
  const site = req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.header('origin');
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === req.header('host');
  } catch {
    return false;
  }
}

function headers(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
}

function send(res: Response, status: number, html: string): void {
  headers(res);
  res.status(status).type('text/html; charset=utf-8').send(html);
}

/** Post/redirect/get: a reload never submits twice. */
function back(res: Response, token: string, lang: PageLanguage, key: 'done' | 'error', value: string): void {
  headers(res);
  res.redirect(303, `/s/${encodeURIComponent(token)}?lang=${lang}&${key}=${encodeURIComponent(value)}`);
}
