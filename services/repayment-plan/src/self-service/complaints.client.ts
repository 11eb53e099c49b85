import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectLogger, type Logger } from '@clearpath/observability';
import { REPAYMENT_CONTEXT, type RepaymentContext } from '../config/repayment-context';

export interface DebtorComplaint {
  readonly loanId: string;
  readonly customerId: string;
  readonly text: string;
  readonly locale: string;
}

/**
 * The same debtor sending the same words about the same loan again (a double tap, a reload after a
 * slow answer) is one complaint: complaints answers the first one for this key.
 */
function intakeKey(complaint: DebtorComplaint): string {
  return `self-service-${createHash('sha256').update(`${complaint.loanId}\u0000${complaint.customerId}\u0000${complaint.text.trim()}`).digest('hex')}`;
}

/** Forwards a debtor's complaint to the complaints service; false when it could not be delivered. */
@Injectable()
export class ComplaintsClient {
  constructor(
    @Inject(REPAYMENT_CONTEXT) private readonly context: RepaymentContext,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async forward(complaint: DebtorComplaint, correlationId: string): Promise<boolean> {
    const { complaintsUrl, complaintsApiKey } = this.context.settings;
    try {
      const response = await fetch(`${complaintsUrl}/v1/complaints`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': complaintsApiKey,
          'x-correlation-id': correlationId,
          'idempotency-key': intakeKey(complaint),
        },
        body: JSON.stringify({
          loanId: complaint.loanId,
          customerId: complaint.customerId,
          source: 'DEBTOR_SELF_SERVICE',
          channel: 'WEB',
          text: complaint.text,
          locale: complaint.locale,
          attemptIds: [],
        }),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status >= 200 && response.status < 300) return true;
      // The text is the debtor's own words: never logged.
      this.logger.warn({ loanId: complaint.loanId, status: response.status }, 'the complaints service refused a self-service complaint');
      return false;
    } catch (error) {
      this.logger.warn(
        { loanId: complaint.loanId, err: (error as Error).message },
        'the complaints service is unreachable; the debtor was shown the phone number',
      );
      return false;
    }
  }
}
