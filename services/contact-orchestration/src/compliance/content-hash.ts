import { createHash } from 'node:crypto';

/** The digest of a rendered text the guard judged, kept in its audit in place of the text (personal data). */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
