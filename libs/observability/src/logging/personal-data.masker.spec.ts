import fc from 'fast-check';
import { maskEmail, maskName, maskPersonalData, maskPhone } from './personal-data.masker';

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
