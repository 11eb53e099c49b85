import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '@clearpath/contracts';
import { Public } from '@clearpath/auth';
import { ProblemException } from '@clearpath/observability';
import { ApiJsonBody, CLOCK, DATA_SOURCE, WebhookRateLimit, checkJsonBody } from '@clearpath/platform';
import { CHANNELS, type Channel } from '../compliance/channel';
import { CONTACT_POLICY, ContactPolicy } from '../config/contact-policy';
import { ReceiptsService } from './receipts.service';
import { SIGNATURE_HEADER, verifySignature } from './webhook-signature';

const receiptSchema = z.strictObject({
  providerMessageId: z.string().min(1).max(200),
  status: z.enum(['delivered', 'failed']),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Delivery receipts from real channel providers. Not API-key authenticated: the provider signs the
 * raw body with the shared secret (HMAC-SHA256), checked before anything is parsed.
 */
@ApiTags('providers')
@Controller('v1/providers')
export class ReceiptsController {
  constructor(
    private readonly receipts: ReceiptsService,
    @Inject(CONTACT_POLICY) private readonly policy: ContactPolicy,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post(':channel/receipts')
  @Public()
  @WebhookRateLimit()
  @HttpCode(200)
  @ApiHeader({ name: SIGNATURE_HEADER, description: 'sha256=<hex HMAC-SHA256 of the raw body with CONTACT_PROVIDER_WEBHOOK_SECRET>', required: true })
  @ApiOperation({ summary: 'A provider reports a message delivered or failed; verified by signature, idempotent by message id and status' })
  @ApiJsonBody(receiptSchema)
  async receipt(@Param('channel') channelParam: string, @Req() request: Request) {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!verifySignature(raw, request.header(SIGNATURE_HEADER), this.policy.settings.webhookSecret)) {
      throw new ProblemException({ status: 401, detail: `Missing or invalid ${SIGNATURE_HEADER} signature.` });
    }
    const channel = channelParam.toUpperCase().replace(/-/g, '_') as Channel;
    if (!CHANNELS.includes(channel)) throw ProblemException.validation([{ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` }]);
    // Parsed only now, from the bytes the signature covers: so not @ValidBody, which runs before the handler.
    const { providerMessageId, status } = checkJsonBody(receiptSchema, raw);
    const [result] = await this.dataSource.transaction((m) => this.receipts.apply(m, [{ providerMessageId, channel, status }], this.clock.now()));
    if (result === 'unknown-message') throw ProblemException.notFound(`No ${channel} message ${providerMessageId}.`);
    return { providerMessageId, status, result };
  }
}
