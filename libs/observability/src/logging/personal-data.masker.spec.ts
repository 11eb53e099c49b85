import fc from 'fast-check';
import { maskEmail, maskName, maskNamedValue, maskPersonalData, maskPhone, maskText } from './personal-data.masker';

describe('field maskers', () => {
  it.each([
    ['王小明', '王*'],
    ['欧阳娜娜', '欧*'],
    ["Aoife O'Neill", "A*** O'N***"],
    ['John Smith', 'J*** S***'],
  ])('maskName(%s) = %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['+8613812348000', '+86138****8000'],
    ['+447911123456', '+4479****3456'],
    ['+14155550123', '+141****0123'],
  ])('maskPhone(%s) = %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('maskEmail keeps the first letter and the domain', () => {
    expect(maskEmail('aoife.oneill@example.com')).toBe('a***@example.com');
  });

  it('never reveals an E.164 subscriber number, and masking twice changes nothing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{9,14}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).not.toContain(phone.slice(-8));
        expect(maskPhone(masked)).toBe(masked);
      }),
    );
  });
});

describe('maskPersonalData', () => {
  it('survives cycles', () => {
    const loop: Record<string, unknown> = { fullName: '王小明' };
    loop['self'] = loop;
    expect(maskPersonalData(loop)).toEqual({ fullName: '王*', self: '[Circular]' });
  });

  it('redacts secrets and dates of birth whatever their value', () => {
    expect(maskPersonalData({ password: 'hunter2', dateOfBirth: new Date('1990-03-07'), api_key: 42 })).toEqual({
      password: '[REDACTED]',
      dateOfBirth: '[REDACTED]',
      api_key: '[REDACTED]',
    });
  });
});

describe('maskText', () => {
  it.each([
    ['13812348000', '138****8000'],
    ['+44 7700 900123', '+4477****0123'],
    ['+86-138-1234-8000', '+86138****8000'],
  ])('masks the review example %s', (raw, masked) => {
    expect(maskText(`could not reach ${raw}, giving up`)).toBe(`could not reach ${masked}, giving up`);
  });

  it.each([
    // Chinese mobiles: every prefix and grouping masks to one form, so one number can be followed across lines.
    ['138 1234 8000', '138****8000'],
    ['138-1234-8000', '138****8000'],
    ['138.1234.8000', '138****8000'],
    ['+8613812348000', '+86138****8000'],
    ['+86 138 1234 8000', '+86138****8000'],
    ['+86 13812348000', '+86138****8000'],
    ['0086 138 1234 8000', '+86138****8000'],
    ['008613812348000', '+86138****8000'],
    ['8613812348000', '+86138****8000'],
    ['86 138-1234-8000', '+86138****8000'],
    ['(+86) 138 1234 8000', '+86138****8000'],
    ['19912348000', '199****8000'],
    // UK
    ['+447700900123', '+4477****0123'],
    ['+44-7700-900-123', '+4477****0123'],
    ['+44 20 7946 0958', '+4420****0958'],
    ['+44 (0)20 7946 0958', '+4420****0958'],
    ['07700 900123', '077****0123'],
    ['07700 900 123', '077****0123'],
    ['020 7946 0958', '020****0958'],
    ['0161 496 0000', '016****0000'],
    // North America
    ['(415) 555-0123', '41****0123'],
    ['(415)555-0123', '41****0123'],
    ['415-555-0123', '41****0123'],
    ['415.555.0123', '41****0123'],
    ['415 555 0123', '41****0123'],
    ['+1 415 555 0123', '+141****0123'],
    ['+1-415-555-0123', '+141****0123'],
    ['+1 (415) 555-0123', '+141****0123'],
    ['+14155550123', '+141****0123'],
    ['1-800-555-0199', '+180****0199'],
    // Anywhere else, in E.164 with separators
    ['+49 30 12345678', '+4930****5678'],
    ['+852 9123 4567', '+852****4567'],
    ['+33 6 12 34 56 78', '+336****5678'],
    ['+61 (2) 9876 5432', '+612****5432'],
  ])('masks the phone number %s as %s', (raw, masked) => {
    expect(maskText(raw)).toBe(masked);
    expect(maskText(`电话：${raw}。`)).toBe(`电话：${masked}。`);
  });

  it.each([
    ['110101199003077777', '****7777'],
    ['11010119900307777X', '****777X'],
    ['11010119900307777x', '****777x'],
    ['110101 19900307 7777', '****7777'],
    ['110101900307777', '****7777'],
  ])('masks the resident ID number %s as %s', (raw, masked) => {
    expect(maskText(`ID ${raw} 已核验`)).toBe(`ID ${masked} 已核验`);
  });

  it.each([
    ['6222021234567890', '****7890'],
    ['6222 0212 3456 7890', '****7890'],
    ['4111-1111-1111-1111', '****1111'],
    ['6228 4800 3858 9283 071', '****3071'],
    ['6228480038589283071', '****3071'],
    ['3782 822463 10005', '****0005'],
    ['4222222222222', '****2222'],
  ])('masks the bank card number %s as %s', (raw, masked) => {
    expect(maskText(`card=${raw};`)).toBe(`card=${masked};`);
  });

  it.each([
    ['aoife.oneill@example.com', 'a***@example.com'],
    ['A.ONeill+loans@mail.example.co.uk', 'A***@mail.example.co.uk'],
    ['13812348000@qq.com', '1***@qq.com'],
    ['wang_xiaoming@163.com', 'w***@163.com'],
  ])('masks the e-mail address %s as %s', (raw, masked) => {
    expect(maskText(`bounced: <${raw}>`)).toBe(`bounced: <${masked}>`);
    expect(maskText(`邮箱${raw}无效`)).toBe(`邮箱${masked}无效`);
  });

  it('masks several values in one string, and masking twice changes nothing', () => {
    const text = 'customer 王小明 (110101199003077777) phones +86 138 1234 8000 / 07700 900123, mail aoife@example.com, card 6222 0212 3456 7890';
    const masked = maskText(text);
    expect(masked).toBe('customer 王小明 (****7777) phones +86138****8000 / 077****0123, mail a***@example.com, card ****7890');
    expect(maskText(masked)).toBe(masked);
  });

  it('redacts signed tokens, bearer credentials and credentials in query strings', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC0xIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const link = 'eyJsIjoiTC0wMDAxMjMiLCJjIjoiQy04ODIzMSIsImUiOjE5MDAwMDAwMDB9.q0Yd2x8mI3pVfS4-_w7LkTg1nB5hRzQeJcUaXoP6s9E';
    expect(maskText(`GET /s/${link}?lang=zh-CN`)).toBe('GET /s/[REDACTED]?lang=zh-CN');
    expect(maskText(`sent https://pay.example.com/s/${link} to the debtor`)).toBe('sent https://pay.example.com/s/[REDACTED] to the debtor');
    expect(maskText(`upstream said: Authorization: Bearer ${jwt}`)).toBe('upstream said: Authorization: Bearer [REDACTED]');
    expect(maskText('Authorization: Bearer opaque-abc123XYZ')).toBe('Authorization: Bearer [REDACTED]');
    expect(maskText('/callback?token=abc123&lang=en&api_key=k-42&sig=deadbeef#top')).toBe(
      '/callback?token=[REDACTED]&lang=en&api_key=[REDACTED]&sig=[REDACTED]#top',
    );
  });

  it('masks personal data in query strings, encoded or not', () => {
    expect(maskText('/search?email=aoife%40example.com&phone=%2B8613812348000&page=2')).toBe('/search?email=a***@example.com&phone=+86138****8000&page=2');
    expect(maskText('/search?q=%2B86%20138%201234%208000')).toBe('/search?q=+86138****8000');
    expect(maskText('/search?q=overdue+loans&after=2026-03-07T10%3A15%3A30Z')).toBe('/search?q=overdue+loans&after=2026-03-07T10%3A15%3A30Z');
  });

  it.each([
    '2026-03-07T10:15:30.123Z',
    '2026-03-07 10:15:30+08:00',
    'Sat, 07 Mar 2026 10:15:30 GMT',
    '123e4567-e89b-12d3-a456-426614174000',
    '01234567-0123-4567-0123-456789012345',
    'loan L-000123 is 31 days past due',
    'amount 1234.56 CNY, 12,345,678.90 in total, ratio 0.1234567890',
    'event seq 1234567890 offset 9876543210 partition 3',
    'kafka timestamp 1733560000000, trace at 1733560000000123',
    'remote 192.168.12.123:5432, 10.0.0.1',
    'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'correlationId corr-abc-1, causation evt-7, version 1.13.12',
    'outbox claimed 25 rows in 13.5 ms; backlog 1200',
    'at ThingsController.boom (/app/dist/things.controller.js:123:45)',
    'masked already: +86138****8000 a***@example.com ****7777 [REDACTED]',
  ])('leaves ordinary log text alone: %s', (text) => {
    expect(maskText(text)).toBe(text);
  });

  it('stays linear on adversarial input', () => {
    const size = 100_000;
    const inputs = [
      `${'a'.repeat(size)}@`,
      `${'a.'.repeat(size / 2)}@`,
      `a@${'b.'.repeat(size / 2)}1`,
      '1 '.repeat(size / 2),
      '1-'.repeat(size / 2),
      `+${'1 '.repeat(size / 2)}`,
      '(1)'.repeat(size / 3),
      `eyJ${'a'.repeat(size)}`,
      `eyJa.${'a'.repeat(size)}!`,
      `?${'a'.repeat(size)}`,
      `?${'a=&'.repeat(size / 3)}`,
      `Bearer ${'a'.repeat(size)}`,
      '9'.repeat(size),
    ];
    const started = process.hrtime.bigint();
    for (const input of inputs) maskText(input);
    // Catastrophic backtracking takes minutes here; a linear scan takes milliseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});

describe('maskText over generated formats', () => {
  const digits = (length: number) => fc.stringMatching(new RegExp(`^\\d{${length}}$`));
  const separator = fc.constantFrom('', ' ', '-', '.');
  const group = (value: string, sizes: readonly number[], sep: string): string => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      parts.push(value.slice(at, at + size));
      at += size;
    }
    return parts.join(sep);
  };

  const chineseMobile = fc
    .tuple(fc.constantFrom('', '+86', '+86 ', '+86-', '0086', '0086 ', '86', '86 ', '(+86) ', '(86)'), fc.integer({ min: 3, max: 9 }), digits(9), separator)
    .map(([prefix, second, rest, sep]) => prefix + group(`1${second}${rest}`, [3, 4, 4], sep));
  const ukNumber = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('+44', '+44 ', '+44-', '+44 (0)', '+44 (0) '),
        fc.integer({ min: 1, max: 9 }),
        digits(9),
        fc.constantFrom([4, 6], [2, 4, 4], [3, 3, 4], [4, 3, 3], [10]),
        fc.constantFrom('', ' ', '-'),
      )
      .map(([prefix, first, rest, sizes, sep]) => prefix + group(`${first}${rest}`, sizes, sep)),
    fc
      .tuple(fc.integer({ min: 1, max: 9 }), digits(9), fc.constantFrom([5, 6], [3, 4, 4], [4, 3, 4], [5, 3, 3], [11]), fc.constantFrom('', ' ', '-'))
      .map(([first, rest, sizes, sep]) => group(`0${first}${rest}`, sizes, sep)),
  );
  const northAmerican = fc
    .tuple(digits(3), digits(3), digits(4), fc.integer({ min: 0, max: 9 }))
    .map(
      ([area, exchange, line, style]) =>
        [
          `(${area}) ${exchange}-${line}`,
          `(${area})${exchange}-${line}`,
          `${area}-${exchange}-${line}`,
          `${area}.${exchange}.${line}`,
          `${area} ${exchange} ${line}`,
          `+1 ${area} ${exchange} ${line}`,
          `+1-${area}-${exchange}-${line}`,
          `+1${area}${exchange}${line}`,
          `1-${area}-${exchange}-${line}`,
          `+1 (${area}) ${exchange}-${line}`,
        ][style]!,
    );
  const e164 = fc
    .tuple(
      fc.integer({ min: 1, max: 999 }),
      fc.integer({ min: 8, max: 15 }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 15, maxLength: 15 }),
      fc.constantFrom(' ', '-', '.'),
      fc.infiniteStream(fc.integer({ min: 0, max: 9 })),
    )
    .filter(([country, length]) => String(country).length < length - 5)
    .map(([country, length, sizes, sep, stream]) => {
      const subscriber = [...stream.take(length - String(country).length)].join('');
      return `+${country} ${group(subscriber, sizes, sep).replace(new RegExp(`\\${sep}+$`), '')}`;
    });
  const residentId = fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 110000, max: 829999 }),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        digits(3),
        fc.constantFrom(...'0123456789Xx'),
        fc.constantFrom('', ' '),
      )
      .map(([region, born, sequence, check, sep]) => `${region}${sep}${born.toISOString().slice(0, 10).replace(/-/g, '')}${sep}${sequence}${check}`),
    fc.tuple(fc.integer({ min: 110000, max: 829999 }), digits(9)).map(([region, rest]) => `${region}${rest}`),
  );
  const bankCard = fc.oneof(
    fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 12, max: 18 })).chain(([first, length]) => digits(length).map((rest) => `${first}${rest}`)),
    fc.tuple(fc.integer({ min: 2, max: 6 }), digits(15), fc.constantFrom(' ', '-')).map(([first, rest, sep]) => group(`${first}${rest}`, [4, 4, 4, 4], sep)),
    fc.tuple(fc.constantFrom('62', '60'), digits(17)).map(([bin, rest]) => group(`${bin}${rest}`, [4, 4, 4, 4, 3], ' ')),
  );
  const email = fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._%+-]{0,19}$/),
      fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,9}$/), { minLength: 1, maxLength: 3 }),
      fc.stringMatching(/^[a-z]{2,6}$/),
    )
    .map(([local, labels, tld]) => `${local}@${labels.join('.')}.${tld}`);

  // Text that logs are full of and that must survive: timestamps, UUIDs, loan ids, amounts, counters, words.
  const ordinaryWord = fc.oneof(
    fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.uuid(),
    fc.integer({ min: 0, max: 999_999 }).map((n) => `L-${String(n).padStart(6, '0')}`),
    fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 })).map(([units, cents]) => `${units}.${String(cents).padStart(2, '0')}`),
    // A bare count is labelled, as log lines label them: two bare numbers side by side
    // (`000000 10000000 2000`) are a Chinese ID number in its usual 6-8-4 grouping, masked rightly.
    fc.integer({ min: 0, max: 9_999_999_999 }).map((n) => `count=${n}`),
    fc.stringMatching(/^[A-Za-z]{1,10}$/),
    fc.constantFrom('客户', '电话', '已逾期', '还款计划', 'status=200', 'GET', '/v1/loans', '->', '|'),
  );
  const ordinaryText = fc.array(ordinaryWord, { maxLength: 6 }).map((words) => words.join(' '));
  const delimiter = fc.constantFrom(' ', ': ', '=', ' (', ') ', '，', '：', '\n', '"', "'", '<', '>', '/', '\t', '[', ']');

  const personal = fc.oneof(chineseMobile, ukNumber, northAmerican, e164, residentId, bankCard, email);

  it('never lets a generated phone, ID, card or e-mail through, whatever text surrounds it', () => {
    fc.assert(
      fc.property(ordinaryText, delimiter, personal, delimiter, ordinaryText, (before, open, raw, close, after) => {
        const masked = maskText(`${before}${open}${raw}${close}${after}`);
        expect(masked).not.toContain(raw);
        const rawDigits = raw.replace(/\D/g, '');
        if (rawDigits.length >= 8) expect(masked).not.toContain(rawDigits);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves text without personal data exactly as it was', () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect(maskText(text)).toBe(text);
      }),
      { numRuns: 1_000 },
    );
  });

  it('masking twice changes nothing', () => {
    fc.assert(
      fc.property(ordinaryText, delimiter, personal, delimiter, ordinaryText, (before, open, raw, close, after) => {
        const once = maskText(`${before}${open}${raw}${close}${after}`);
        expect(maskText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('maskNamedValue', () => {
  it('masks by the name of the field, and says nothing of names it does not know', () => {
    expect(maskNamedValue('token', 'eyJhbGciOi.abc')).toBe('[REDACTED]');
    expect(maskNamedValue('email', 'aoife@example.com')).toBe('a***@example.com');
    expect(maskNamedValue('phone', '+86 138 1234 8000')).toBe('+86138****8000');
    expect(maskNamedValue('loanId', 'L-000123')).toBeUndefined();
  });
});

describe('maskPersonalData of numbers', () => {
  it('masks a phone or card stored as a number under any key, and leaves counts, amounts and epoch times alone', () => {
    expect(maskPersonalData({ contact: 13812348000, card: 6222021234567890n, count: 31, amount: 1234.56, at: 1733560000000, seq: 9876543210 })).toEqual({
      contact: '138****8000',
      card: '****7890',
      count: 31,
      amount: 1234.56,
      at: 1733560000000,
      seq: 9876543210,
    });
  });
});
