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

export async function api<T = unknown>(url: string, key: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(url, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: r.status, body: body as T };
}

