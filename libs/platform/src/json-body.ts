import { ProblemException } from '@clearpath/observability';

/** The raw body as JSON, or a 400 problem+json that says why it is not. */
export function parseJsonBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  if (text.trim() === '') throw ProblemException.badRequest('The body is empty.');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw ProblemException.badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}
