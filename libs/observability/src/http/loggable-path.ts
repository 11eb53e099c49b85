import type { Request } from 'express';
import { maskNamedValue } from '../logging/personal-data.masker';

/**
 * The request's path as it may be logged: no query string, and each segment that carries a route
 * parameter named like a credential or personal data (`/s/:token`, `/customers/:email`) masked as a
 * field of that name would be. Call it once routing is done (when the response closes): before
 * that Express knows no route parameters.
 *
 * Segments are logged decoded, so the logger's free-text masking sees `+8613812348000` rather than
 * `%2B8613812348000`, and a path no route matched is still scanned for signed tokens, phones and
 * e-mails by the logger itself.
 */
export function loggablePath(request: Request): string {
  const path = request.originalUrl.split('?')[0] || '/';
  const masks = new Map<string, string>();
  for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string' || value === '') continue;
    const masked = maskNamedValue(name, value);
    if (masked !== undefined) masks.set(value, masked);
  }
  return path
    .split('/')
    .map((segment) => {
      const decoded = decodeSegment(segment);
      return masks.get(decoded) ?? decoded;
    })
    .join('/');
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
