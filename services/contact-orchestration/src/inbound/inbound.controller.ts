import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { CredentialsVerifier, Public, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { ApiJsonBody, WebhookRateLimit, checkJsonBody } from '@clearpath/platform';
import { SIGNATURE_HEADER, verifySignature } from '../channels/webhook-signature';
import { CHANNELS } from '../compliance/channel';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { RecordInboundUseCase } from './record-inbound.use-case';

const inboundSchema = z
  .strictObject({
    channel: z.enum(CHANNELS, { message: `must be one of ${CHANNELS.join(', ')}` }),
    kind: z.enum(['message', 'call']).default('message'),
    from: z.string().min(3).max(320).optional(),
    customerId: z.string().min(1).max(200).optional(),
    loanId: z.string().min(1).max(200).optional(),
    text: z.string().max(2000).optional(),
    receivedAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with offset' }).optional(),
    providerMessageId: z.string().min(1).max(200).optional(),
  })
  .refine((b) => b.from !== undefined || b.customerId !== undefined || b.loanId !== undefined, {
    message: 'name the debtor: from, customerId or loanId',
    path: ['from'],
  });

const RECORDING_ROLES = ['agent', 'supervisor', 'service'];

/**
 * `POST /v1/contacts/inbound`: a reply or an inbound call. Two callers, one path: a channel
 * provider's webhook, signed like receipts (`x-clearpath-signature`, HMAC-SHA256 of the raw body),
 * or an agent's form with the usual credentials (agent, supervisor, service). Anything else is 401.
 */
@ApiTags('contacts')
@Controller('v1/contacts')
export class InboundController {
  constructor(
    private readonly inbound: RecordInboundUseCase,
    @Inject(CredentialsVerifier) private readonly verifier: CredentialsVerifier,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
  ) {}

  @Post('inbound')
  @Public()
  @WebhookRateLimit()
  @HttpCode(200)
  @ApiHeader({
    name: SIGNATURE_HEADER,
    description: 'providers: sha256=<hex HMAC-SHA256 of the raw body with CONTACT_PROVIDER_WEBHOOK_SECRET>; agents: x-api-key or bearer instead',
    required: false,
  })
  @ApiOperation({
    summary:
      'A reply or inbound call: STOP/UNSUBSCRIBE/退订/TD opt the person out of that channel at once, HELP is answered, a call starts the 7-day no-call period; every non-STOP message is a recorded request',
  })
  @ApiJsonBody(inboundSchema)
  async record(@Req() request: Request) {
    const raw = Buffer.isBuffer(request.body)
      ? request.body
      : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {}));
    const by = this.caller(request, raw);
    // Parsed only once the caller is known (a signature covers the raw bytes): so not @ValidBody, which runs before the handler.
    const result = await this.inbound.execute(checkJsonBody(inboundSchema, raw), by);
    if (result.kind === 'unknown-debtor') throw ProblemException.notFound('No debtor matches from, customerId or loanId.');
    if (result.kind === 'future') throw ProblemException.validation([{ path: 'receivedAt', message: 'must not be in the future' }]);
    if (result.kind === 'third-party-stopped') return { customerId: null, keyword: 'stop', optedOut: 'SMS', reply: null, duplicate: false, thirdParty: true };
    return { customerId: result.customerId, keyword: result.keyword, optedOut: result.optedOut, reply: result.reply, duplicate: result.duplicate };
  }

  private caller(request: Request, raw: Buffer): { subject: string; role: string } {
    const signature = request.header(SIGNATURE_HEADER);
    if (signature !== undefined) {
      if (!verifySignature(raw, signature, this.policy.settings.webhookSecret))
        throw new ProblemException({ status: 401, detail: `Invalid ${SIGNATURE_HEADER} signature.` });
      return { subject: 'provider-webhook', role: 'provider' };
    }
    const check = this.verifier.verify({ apiKey: request.header('x-api-key'), authorization: request.header('authorization') });
    if (!check.ok)
      throw new ProblemException({
        status: 401,
        detail: `${check.detail} (or sign the body with ${SIGNATURE_HEADER})`,
        headers: { 'WWW-Authenticate': 'Bearer, ApiKey header="x-api-key"' },
      });
    const principal: AuthPrincipal = check.principal;
    if (!RECORDING_ROLES.includes(principal.role))
      throw new ProblemException({ status: 403, detail: `Role '${principal.role}' may not record inbound contacts; allowed: ${RECORDING_ROLES.join(', ')}.` });
    return { subject: principal.subject, role: principal.role };
  }
}
