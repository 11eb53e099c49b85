import { Body, Controller, Get, type INestApplication, Param, Post } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { startLoggedApp } from '../../test/logged-app.fixture';

/**
 * A token shaped like libs/auth's self-service link token (base64url claims, `.`, HMAC-SHA256);
 * made here because libs/auth depends on this lib, not the other way round.
 */
function aSelfServiceToken(loanId = 'L-000123'): string {
  const body = Buffer.from(JSON.stringify({ l: loanId, c: 'C-88231', e: 1_900_000_000 })).toString('base64url');
  return `${body}.${createHmac('sha256', 'self-service:test-secret').update(body).digest('base64url')}`;
}

// Routes shaped like repayment-plan's debtor page: the token in the path is the only credential.
@Controller('s')
class SelfServicePageController {
  @Get(':token')
  page(@Param('token') token: string): { ok: boolean } {
    return { ok: token.length > 0 };
  }

  @Post(':token/plans')
  accept(@Param('token') _token: string, @Body() _body: unknown): never {
    throw new Error('the ledger is unreachable');
  }
}

@Controller('customers')
class CustomersController {
  @Get(':email')
  find(@Param('email') email: string): { found: boolean } {
    return { found: email.includes('@') };
  }
}

describe('request paths in the access and error logs', () => {
  let app: INestApplication;
  let base: string;
  const lines: string[] = [];
  const records = (): Record<string, unknown>[] => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  /** The access-log line, written when the response closes: just after the client has it, so it is waited for. */
  async function accessLine(): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + 2_000;
    const find = (): Record<string, unknown> | undefined => records().find((r) => r['msg'] === 'request completed');
    while (find() === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    return find();
  }

  beforeAll(async () => {
    ({ app, base } = await startLoggedApp([SelfServicePageController, CustomersController], lines));
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  /** Neither the token nor either of its halves appears anywhere in what was logged. */
  function expectNotLogged(token: string): void {
    const output = lines.join('');
    for (const part of [token, ...token.split('.')]) expect(output).not.toContain(part);
  }

  it('logs the page view with the token masked in the path and the query string left out', async () => {
    const token = aSelfServiceToken();
    const response = await fetch(`${base}/s/${token}?lang=zh-CN&done=plan`);
    expect(response.status).toBe(200);
    expect(await accessLine()).toMatchObject({ method: 'GET', route: '/s/:token', path: '/s/[REDACTED]', status: 200 });
    expectNotLogged(token);
    expect(lines.join('')).not.toContain('lang=');
  });

  it('masks a token that is not even well formed, by the name of its route parameter', async () => {
    const response = await fetch(`${base}/s/not-a-real-token-but-secret-looking`);
    expect(response.status).toBe(200);
    expect(await accessLine()).toMatchObject({ route: '/s/:token', path: '/s/[REDACTED]' });
    expect(lines.join('')).not.toContain('secret-looking');
  });

  it('keeps the token out of the error log and the access log of a failed post', async () => {
    const token = aSelfServiceToken('L-000124');
    const response = await fetch(`${base}/s/${token}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"offerId":"INSTALMENT-6"}',
    });
    expect(response.status).toBe(500);
    expect(await accessLine()).toMatchObject({ route: '/s/:token/plans', path: '/s/[REDACTED]/plans', status: 500 });
    expect(records().find((r) => r['msg'] === 'request failed')).toMatchObject({ path: '/s/[REDACTED]/plans' });
    expectNotLogged(token);
  });

  it('keeps the token out of the log when no route matched (the logger recognises its shape)', async () => {
    const token = aSelfServiceToken('L-000125');
    const response = await fetch(`${base}/s/${token}/no-such-page`);
    expect(response.status).toBe(404);
    expect(await accessLine()).toMatchObject({ route: 'unmatched', path: '/s/[REDACTED]/no-such-page', status: 404 });
    expectNotLogged(token);
  });

  it('masks a path parameter named like personal data, decoded', async () => {
    const response = await fetch(`${base}/customers/${encodeURIComponent('aoife.oneill@example.com')}`);
    expect(response.status).toBe(200);
    expect(await accessLine()).toMatchObject({ route: '/customers/:email', path: '/customers/a***@example.com' });
    expect(lines.join('')).not.toContain('aoife');
  });

  it('masks a phone number in an unmatched path too', async () => {
    const response = await fetch(`${base}/nowhere/${encodeURIComponent('+86 138 1234 8000')}`);
    expect(response.status).toBe(404);
    expect(await accessLine()).toMatchObject({ path: '/nowhere/+86138****8000' });
  });
});
