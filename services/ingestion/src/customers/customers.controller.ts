import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Principal, Roles, type AuthPrincipal } from '@clearpath/auth';
import { ProblemException, currentContext } from '@clearpath/observability';
import { ValidBody, ValidParam } from '@clearpath/platform';
import { EraseCustomerUseCase } from './erase-customer.use-case';

const customerIdSchema = z.string().min(1).max(64);
const erasureBodySchema = z.object({
  /** Why: the request's reference and legal ground, kept in the register of erasures. */
  reason: z.string().trim().min(3).max(500),
});

@ApiTags('customers')
@ApiSecurity('api-key')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly erase: EraseCustomerUseCase) {}

  @Post(':customerId/erasure')
  @HttpCode(200)
  @Roles('compliance')
  @ApiOperation({
    summary: "Erase a customer's personal data (PIPL art. 47, GDPR art. 17): their data key is destroyed, their identity leaves every store and topic",
    description: 'Refused (409) while any of their loans is open. Repeating it answers the first erasure. Collection history stays, without identity.',
  })
  async eraseCustomer(
    @ValidParam('customerId', customerIdSchema) customerId: string,
    @ValidBody(erasureBodySchema, { example: { reason: 'Debtor request DSR-2026-0142 after settlement; PIPL art. 47' } })
    body: z.output<typeof erasureBodySchema>,
    @Principal() principal: AuthPrincipal,
  ) {
    const outcome = await this.erase.execute({
      customerId,
      requestedBy: principal.subject,
      reason: body.reason,
      correlationId: currentContext()?.correlationId ?? randomUUID(),
    });
    switch (outcome.kind) {
      case 'unknown-customer':
        throw ProblemException.notFound(`No loan of customer ${customerId} is known to ingestion.`);
      case 'open-loans':
        throw new ProblemException({
          status: 409,
          type: 'urn:clearpath:erasure:open-loans',
          title: 'Loans still open',
          detail: `Customer ${customerId} has open loans (${outcome.loanIds.join(', ')}); their data is kept while the debt is collected.`,
          extensions: { loanIds: outcome.loanIds },
        });
      case 'erased':
        return { customerId: outcome.customerId, erasedAt: outcome.erasedAt.toISOString(), alreadyErased: outcome.alreadyErased, loanIds: outcome.loanIds };
    }
  }
}
