import { createLogger, type Logger } from './logger.factory';
import { runWithContext } from '../context/request-context';

const CHINESE_NAME = '王小明';
const ENGLISH_NAME = "Aoife O'Neill";
const PHONE = '+8613812348000';
const EMAIL = 'aoife.oneill@example.com';
const ID_NUMBER = '110101199003077777';
const PERSONAL = [CHINESE_NAME, ENGLISH_NAME, PHONE, EMAIL, ID_NUMBER, 'Aoife', "O'Neill", '小明', '13812348000', 'aoife.oneill'];

function aCustomer(): Record<string, unknown> {
  return {
    customerId: 'C-1001',
    fullName: CHINESE_NAME,
    contact: { name: ENGLISH_NAME, phone: PHONE, email: EMAIL },
    idNumber: ID_NUMBER,
    nationalId: ID_NUMBER,
    address: { city: 'Shanghai', line1: 'Room 1, 88 Century Avenue' },
  };
}

/** Wraps `value` in `depth` levels of keys nobody would think of as personal. */
function nested(value: unknown, depth: number): unknown {
  let out = value;
  for (let level = depth; level > 0; level -= 1) out = { [`level${level}`]: out };
  return out;
}

function capture(): { logger: Logger; lines: () => string[]; records: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = createLogger({ service: 'test', level: 'trace', destination: { write: (line: string) => void written.push(line) } });
  return { logger, lines: () => written, records: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

function expectNoPersonalData(output: string): void {
  for (const value of PERSONAL) expect(output).not.toContain(value);
  expect(output).not.toContain('Century Avenue');
}

describe('createLogger redaction', () => {
  it.each([0, 1, 2, 3, 7, 20])('masks a customer nested %i levels deep under arbitrary keys', (depth) => {
    const { logger, lines } = capture();
    logger.info({ whatever: nested(aCustomer(), depth) }, 'customer seen');
    expect(lines()).toHaveLength(1);
    expectNoPersonalData(lines().join(''));
  });

  it.each(['event', 'payload', 'body', 'customer'])('masks personal data under "%s" at any depth', (key) => {
    const { logger, lines } = capture();
    logger.warn({ [key]: { loanId: 'L-1', history: [nested({ customer: aCustomer() }, 5)] } });
    expectNoPersonalData(lines().join(''));
  });

  it('keeps masked forms that still tell values apart, and leaves other fields alone', () => {
    const { logger, records } = capture();
    logger.info({ event: { loanId: 'L-1', daysPastDue: 31, customer: aCustomer() } });
    const event = records()[0]?.['event'] as { loanId: string; daysPastDue: number; customer: Record<string, unknown> };
    expect(event.loanId).toBe('L-1');
    expect(event.daysPastDue).toBe(31);
    expect(event.customer).toMatchObject({
      customerId: 'C-1001',
      fullName: '王*',
      contact: { name: "A*** O'N***", phone: '+86138****8000', email: 'a***@example.com' },
      idNumber: '****7777',
      address: { city: '[REDACTED]', line1: '[REDACTED]' },
    });
  });

  it('masks personal data in messages, errors, JSON strings, arrays and child bindings', () => {
    const { logger, lines } = capture();
    logger.info(`calling ${PHONE} for ${EMAIL}`);
    logger.error(new Error(`no consent recorded for ${EMAIL} / ${PHONE}`));
    logger.error({ err: new Error(`bounced: ${EMAIL}`) });
    logger.warn({ rawValue: JSON.stringify({ customer: aCustomer() }) }, 'poison pill');
    logger.info({ contacts: [aCustomer(), [aCustomer()]] });
    logger.child({ customer: aCustomer() }).info('bound');
    expect(lines()).toHaveLength(6);
    expectNoPersonalData(lines().join(''));
  });

  it('redacts credentials in headers', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer eyJhbGciOi.abc.def', 'x-api-key': 'dev-system-key-123' } } });
    logger.info({ request: { upstream: { headers: { authorization: 'Bearer zzz-secret' } } } });
    const output = lines().join('');
    expect(output).not.toContain('eyJhbGciOi');
    expect(output).not.toContain('dev-system-key-123');
    expect(output).not.toContain('zzz-secret');
  });

  it('masks phones, ID numbers, cards and e-mails written into free text anywhere in a line', () => {
    const { logger, lines, records } = capture();
    logger.info('sms to 13812348000 failed; retrying +44 7700 900123, then +86-138-1234-8000');
    logger.warn({ note: '客户身份证110101199003077777，卡号6222 0212 3456 7890，邮箱aoife.oneill@example.com' }, 'agent note saved');
    logger.error(new Error('no consent for (415) 555-0123'));
    logger.info({ attempt: { outcome: 'wrong number', detail: 'debtor says 07700 900123 is his brother' } });
    const output = lines().join('');
    for (const raw of [
      '13812348000',
      '7700 900123',
      '138-1234-8000',
      '110101199003077777',
      '6222 0212 3456 7890',
      'aoife.oneill',
      '555-0123',
      '07700 900123',
    ]) {
      expect(output).not.toContain(raw);
    }
    expect(records()[0]?.['msg']).toBe('sms to 138****8000 failed; retrying +4477****0123, then +86138****8000');
  });

  it("keeps a self-service link's token out of any field and any message", () => {
    const { logger, lines } = capture();
    const token = 'eyJsIjoiTC0wMDAxMjMiLCJjIjoiQy04ODIzMSIsImUiOjE5MDAwMDAwMDB9.q0Yd2x8mI3pVfS4-_w7LkTg1nB5hRzQeJcUaXoP6s9E';
    logger.info({ variables: { selfServiceLink: `https://pay.example.com/s/${token}` } }, 'rendered reminder');
    logger.info(`sms body: 请通过 https://pay.example.com/s/${token} 还款`);
    logger.warn({ location: `/s/${token}?lang=en&done=plan` }, 'redirected');
    const output = lines().join('');
    for (const part of [token, ...token.split('.')]) expect(output).not.toContain(part);
    expect(output).toContain('https://pay.example.com/s/[REDACTED]');
  });

  it('leaves ordinary fields of a line as they were', () => {
    const { logger, records } = capture();
    const ordinary = {
      eventId: '123e4567-e89b-12d3-a456-426614174000',
      occurredAt: '2026-03-07T10:15:30.123Z',
      loanId: 'L-000123',
      amount: '1234.56',
      sequence: 9876543210,
      kafkaTimestamp: '1733560000000',
      note: 'offset 1234567890 at 2026-03-07 10:15:30, 31 days past due',
    };
    logger.info({ event: ordinary }, 'event L-000123 applied at 2026-03-07T10:15:30.123Z');
    expect(records()[0]).toMatchObject({ event: ordinary, msg: 'event L-000123 applied at 2026-03-07T10:15:30.123Z' });
  });

  it('redacts cookies, API keys and authorization headers wherever the headers sit', () => {
    const { logger, lines } = capture();
    logger.info({
      req: { headers: { cookie: 'sid=s%3Asession-cookie-value', 'proxy-authorization': 'Basic cHJveHk6c2VjcmV0' } },
      res: { headers: { 'set-cookie': ['sid=s%3Aanother-cookie-value; HttpOnly'] } },
      upstream: { request: { headers: { 'X-Api-Key': 'dev-system-key-456', Authorization: 'Bearer opaque-credential-789' } } },
    });
    const output = lines().join('');
    for (const secret of ['session-cookie-value', 'another-cookie-value', 'cHJveHk6c2VjcmV0', 'dev-system-key-456', 'opaque-credential-789']) {
      expect(output).not.toContain(secret);
    }
  });

  it('does not change the object that was logged', () => {
    const { logger } = capture();
    const customer = aCustomer();
    logger.info({ customer });
    expect(customer).toEqual(aCustomer());
  });
});

describe('createLogger correlation', () => {
  it('adds the correlation id to lines logged inside a context, and only there', async () => {
    const { logger, records } = capture();
    logger.info('before');
    await runWithContext({ correlationId: 'corr-42', causationId: 'evt-7' }, async () => {
      logger.info('inside');
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ component: 'relay' }).info('after an await, from a child');
    });
    logger.info('after');

    const [before, inside, later, after] = records();
    expect(before).not.toHaveProperty('correlationId');
    expect(inside).toMatchObject({ correlationId: 'corr-42', causationId: 'evt-7', service: 'test', level: 'info', msg: 'inside' });
    expect(later).toMatchObject({ correlationId: 'corr-42', component: 'relay' });
    expect(after).not.toHaveProperty('correlationId');
  });
});

describe('createLogger configuration', () => {
  it('refuses an unknown level, naming the variable', () => {
    expect(() => createLogger({ service: 'test', level: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
