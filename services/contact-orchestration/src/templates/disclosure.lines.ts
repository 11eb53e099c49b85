import type { Jurisdiction, Locale } from '@clearpath/contracts';
import type { Channel } from '../compliance/channel';
import { CHANNELS_WITH_DISCLOSURE, CHANNELS_WITH_OPT_OUT } from './template.schema';

/**
 * The default `{{optOutLine}}` and `{{collectorDisclosure}}` for a message. They are variables, not
 * template text, because they depend on the jurisdiction while the copy depends on the locale (a
 * US debtor may read zh-CN). The catalog checks every template with these lines at load, and the
 * service passes them (or a lender's stricter wording) at render time.
 *
 * Every opt-out line here only works if the channel gateway honours the keyword: the line promises it.
 */
export interface DisclosureLines {
  readonly optOutLine: string;
  readonly collectorDisclosure: string;
}

// 12 CFR 1006.18(e): every communication from a debt collector says so. Elsewhere the sender
// identifies itself (SMS signature, the agent's introduction), so no extra line is added.
const COLLECTOR_DISCLOSURE: Record<Jurisdiction, Record<Locale, string>> = {
  US: {
    'zh-CN': '本信息来自债务催收方（This is a communication from a debt collector）。',
    'en-US': 'This is a communication from a debt collector.',
    'en-GB': 'This is a communication from a debt collector.',
  },
  CN: { 'zh-CN': '', 'en-US': '', 'en-GB': '' },
  GB: { 'zh-CN': '', 'en-US': '', 'en-GB': '' },
};

// 12 CFR 1006.18(e)(1): the initial communication says more — that the collector is attempting to
// collect a debt and that any information obtained will be used for that purpose.
const INITIAL_COLLECTOR_DISCLOSURE: Record<Locale, string> = {
  'zh-CN':
    '本信息来自债务催收方，旨在催收债务，所获任何信息都将用于此目的（This is a communication from a debt collector attempting to collect a debt; any information obtained will be used for that purpose）。',
  'en-US': 'This is a communication from a debt collector attempting to collect a debt. Any information obtained will be used for that purpose.',
  'en-GB': 'This is a communication from a debt collector attempting to collect a debt. Any information obtained will be used for that purpose.',
};

// "TD" is the opt-out keyword Chinese carriers recognise; STOP elsewhere.
const OPT_OUT_KEYWORD: Record<Jurisdiction, string> = { CN: 'TD', US: 'STOP', GB: 'STOP' };

function optOutLine(channel: Channel, locale: Locale, keyword: string): string {
  const zh = locale === 'zh-CN';
  switch (channel) {
    case 'SMS':
      return zh ? `回复${keyword}退订短信。` : `Reply ${keyword} to opt out of text messages.`;
    case 'EMAIL':
      return zh ? '如不想再收到我们的邮件，请回复“退订”。' : 'To opt out of emails from us, reply "unsubscribe".';
    case 'IM':
      return zh ? '回复“退订”即可不再通过此渠道接收消息。' : `Reply ${keyword} to opt out of messages on this channel.`;
    default:
      return '';
  }
}

/** `initial`: the debt's initial communication (US: the fuller disclosure of 12 CFR 1006.18(e)(1)). */
export function standardDisclosures(jurisdiction: Jurisdiction, locale: Locale, channel: Channel, initial = false): DisclosureLines {
  const collector = initial && jurisdiction === 'US' ? INITIAL_COLLECTOR_DISCLOSURE[locale] : COLLECTOR_DISCLOSURE[jurisdiction][locale];
  return {
    optOutLine: CHANNELS_WITH_OPT_OUT.includes(channel) ? optOutLine(channel, locale, OPT_OUT_KEYWORD[jurisdiction]) : '',
    collectorDisclosure: CHANNELS_WITH_DISCLOSURE.includes(channel) ? collector : '',
  };
}
