/** Where the running platform's services answer (deploy/clearpath.env ports), and one JSON call helper. */
const port = (service: string, fallback: number) => Number(process.env[`${service.toUpperCase().replace(/-/g, '_')}_HTTP_PORT`] ?? fallback);
export const URLS = {
  ingestion: `http://127.0.0.1:${port('ingestion', 3001)}`,
  risk: `http://127.0.0.1:${port('risk-scoring', 3002)}`,
  contact: `http://127.0.0.1:${port('contact-orchestration', 3003)}`,
  plans: `http://127.0.0.1:${port('repayment-plan', 3004)}`,
  complaints: `http://127.0.0.1:${port('complaints', 3005)}`,
  console: `http://127.0.0.1:${port('flow-monitor', 3000)}`,
};

/**
 * One call; a connection the server closed just as it was reused (keep-alive race: the request
 * never reached the service) is tried again, twice at most, and a failure names its cause.
 */
export async function api<T = unknown>(url: string, key: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const request = { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) } };
  let r: Response | undefined;
  for (let attempt = 1; r === undefined; attempt++) {
    try {
      r = await fetch(url, request);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      if (attempt >= 3 || !['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(cause?.code ?? '')) {
        throw new Error(`${init.method ?? 'GET'} ${url}: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
      }
      await new Promise((resume) => setTimeout(resume, 100 * attempt));
    }
  }
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: r.status, body: body as T };
}
