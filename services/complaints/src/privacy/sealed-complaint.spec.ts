import { fakeSubjectKeys } from '@clearpath/testing';
import { hasFreeText, openDetails, openLetter, openStored, sealDetails, sealLetter } from './sealed-complaint';

/** C-1's key, as the vault hands it out; C-ERASED's is gone. */
const keysOf = () => fakeSubjectKeys(['C-ERASED']);

describe('a complaint’s personal data at rest', () => {
  const keys = keysOf();
  const letter = {
    locale: 'zh-CN' as const,
    subject: '关于您的投诉的处理结果',
    body: '经调查，我们认为您的投诉成立。',
    generatedAt: '2026-12-04T02:00:00.000Z',
  };

  it('seals the letter’s subject and body, and opens them back', () => {
    const sealed = sealLetter(keys, 'C-1', letter)!;
    expect(sealed).toMatchObject({
      locale: 'zh-CN',
      generatedAt: letter.generatedAt,
      subject: expect.stringMatching(/^pd1\./),
      body: expect.stringMatching(/^pd1\./),
    });
    expect(openLetter(keys, 'C-1', sealed)).toEqual(letter);
    expect(sealLetter(keys, 'C-ERASED', letter)).toBeNull();
  });

  it('shows an erased customer’s letter as written, when and in which language, without its words', () => {
    const sealed = sealLetter(keysOf(), 'C-1', letter)!;
    expect(openLetter(keys, 'C-1', sealed)).toEqual({ locale: 'zh-CN', generatedAt: letter.generatedAt, subject: null, body: null, erased: true });
  });

  it('seals only the free text of a history entry, and leaves it out for an erased customer', () => {
    const details = { outcome: 'UPHELD', note: 'called the debtor back', reason: 'wrong category', inTime: true };
    expect(hasFreeText(details)).toBe(true);
    expect(hasFreeText({ deadlineAt: '2026-12-16T15:59:59.999Z' })).toBe(false);
    const sealed = sealDetails(keys, 'C-1', details);
    expect(sealed).toMatchObject({ outcome: 'UPHELD', inTime: true, note: expect.stringMatching(/^pd1\./), reason: expect.stringMatching(/^pd1\./) });
    expect(openDetails(keys, 'C-1', sealed)).toEqual(details);
    expect(sealDetails(keys, 'C-ERASED', details)).toEqual({ outcome: 'UPHELD', inTime: true });
    expect(openDetails(keysOf(), 'C-1', sealed)).toMatchObject({ outcome: 'UPHELD', note: null, reason: null, erased: true });
  });

  it('reads text stored before sealing as it is, unless the customer was erased', () => {
    expect(openStored(keys, 'C-1', 'the collector swore at me')).toBe('the collector swore at me');
    expect(openStored(keys, 'C-ERASED', 'the collector swore at me')).toBeUndefined();
  });
});
