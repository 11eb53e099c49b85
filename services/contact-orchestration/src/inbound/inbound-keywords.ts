/**
 * What an inbound reply asks for, by its keyword (the whole message, trimmed, case-insensitive,
 * full-width letters folded): the opt-out words carriers and regulators expect (STOP, UNSUBSCRIBE,
 * and the CTIA set; 退订 and its SMS short form TD for CN) and HELP. Anything else is a message to
 * be read by a person: a recorded request of the debtor.
 */
export type InboundKeyword = 'stop' | 'help';

const STOP_WORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'optout',
  'opt out',
  'opt-out',
  'revoke',
  '退订',
  'td',
  't',
  '取消',
  '退订短信',
]);
const HELP_WORDS = new Set(['help', 'info', '帮助']);

export function inboundKeyword(text: string | undefined): InboundKeyword | null {
  if (text === undefined) return null;
  const word = text
    .normalize('NFKC')
    .trim()
    .replace(/[\s.!。！]+$/u, '')
    .replace(/^[\s"'“”]+|[\s"'“”]+$/gu, '')
    .toLowerCase();
  if (STOP_WORDS.has(word)) return 'stop';
  if (HELP_WORDS.has(word)) return 'help';
  return null;
}

/** The answer to HELP: who we are, how to stop messages, how to reach a person. */
export function helpReply(locale: string): string {
  return locale.startsWith('zh')
    ? '这是您贷款机构的还款提醒服务。回复“退订”或 TD 即停止接收短信；如需人工服务，请拨打您贷款机构的客服电话。'
    : 'This is your lender’s repayment service. Reply STOP to stop these messages; to speak to a person, call the number on your loan statement.';
}
