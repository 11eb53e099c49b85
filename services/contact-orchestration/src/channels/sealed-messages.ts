import type { PersonalDataVault } from '@clearpath/persistence';
import type { OutboundMessage } from './channel-provider';

/**
 * What a provider keeps of the messages it is handed: the recipient (the debtor's number or
 * address, or a third party's number), subject and text sealed for the debtor, so erasing the
 * debtor erases the provider's record too. A debtor erased meanwhile is left out (nothing of
 * theirs is kept, and the attempt is not handed over).
 */
export async function sealedForRecord(vault: PersonalDataVault, messages: readonly OutboundMessage[]): Promise<OutboundMessage[]> {
  if (messages.length === 0) return [];
  const keys = await vault.forSealing(messages.map((m) => m.customerId));
  return messages.flatMap((message) => {
    const seal = (text: string) => keys.seal(message.customerId, text);
    const recipient = seal(message.recipient);
    const body = seal(message.body);
    const subject = message.subject === undefined ? undefined : seal(message.subject);
    if (recipient === null || body === null || subject === null) return [];
    return [{ ...message, recipient, body, ...(subject !== undefined ? { subject } : {}) }];
  });
}
