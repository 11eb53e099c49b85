/**
 * Masks for what complaints shows to roles that do not need the personal data (PIPL art 6: the
 * minimum needed). Supervisors see who complained only as a masked customer id in lists, enough to
 * tell two complaints apart; compliance sees everything.
 */
export function maskId(id: string): string {
  const chars = Array.from(id);
  if (chars.length <= 4) return '****';
  return `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`;
}

/** What a log line may say about a complaint's free text: that it exists and how long it is. */
export function describeText(text: string): string {
  return `[${Array.from(text).length} characters withheld]`;
}
