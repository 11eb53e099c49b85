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
