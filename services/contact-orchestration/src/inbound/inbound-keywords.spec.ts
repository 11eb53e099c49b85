import { helpReply, inboundKeyword } from './inbound-keywords';

describe('inbound keywords', () => {
  it.each([
    ['STOP', 'stop'],
    [' stop. ', 'stop'],
    ['Unsubscribe', 'stop'],
    ['ＳＴＯＰ', 'stop'],
    ['退订', 'stop'],
    ['TD', 'stop'],
    ['td', 'stop'],
    ['HELP', 'help'],
    ['帮助', 'help'],
  ])('%j is %s', (text, keyword) => expect(inboundKeyword(text)).toBe(keyword));

  it.each(['please stop calling my mother', 'I will pay on Friday', 'STOP IT NOW I AM PAYING', '', undefined])(
    '%j is a message for a person, not a keyword',
    (text) => expect(inboundKeyword(text)).toBeNull(),
  );

  it('answers HELP in the debtor’s language with the way to stop', () => {
    expect(helpReply('zh-CN')).toContain('退订');
    expect(helpReply('en-US')).toContain('Reply STOP');
  });
});
