import { TOPICS } from '@clearpath/contracts';
import { type ServiceProcess, startGroupAtEnd, startServiceProcess, testKafka, testServiceEnv } from '@clearpath/testing';

/**
 * A running service's OpenAPI document shows each request body as the schema that checks it
 * (`@ValidBody` feeds both), never the bare `{type: 'object'}` the documents once showed.
 */
interface Operation {
  readonly requestBody?: { readonly content: Record<string, { readonly schema: Record<string, unknown> }> };
}

jest.setTimeout(120_000);

const run = `${process.pid}-${Date.now()}`;
let risk: ServiceProcess;

beforeAll(async () => {
  const group = `risk-scoring-openapi-${run}`;
  // Its own group, starting at the end: this service only answers /docs-json, it applies nothing.
  await startGroupAtEnd(testKafka('openapi-it'), group, [TOPICS.loanLifecycle.name, TOPICS.contactOutcomes.name, TOPICS.repaymentPlans.name]);
  risk = await startServiceProcess('risk-scoring', testServiceEnv('risk-scoring', { consumerGroup: group }));
});

afterAll(async () => {
  await risk?.stop();
});

it('shows POST /v1/score’s body as its schema: the fields, which are required, and their limits', async () => {
  const response = await fetch(`${risk.url}/docs-json`);
  expect(response.status).toBe(200);
  const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
  const body = document.paths['/v1/score'].post.requestBody!.content['application/json'].schema;
  expect(body).not.toEqual({ type: 'object' });
  expect(body).toMatchObject({
    type: 'object',
    required: ['currency', 'creditLimit', 'history'],
    properties: {
      currency: { type: 'string', pattern: expect.any(String) },
      creditLimit: { type: 'string' },
      history: { type: 'array', maxItems: 12, items: { type: 'object', required: expect.arrayContaining(['month', 'repaymentStatus']) } },
      bureauScore: { type: 'integer', minimum: 0, maximum: 1000 },
    },
    example: expect.objectContaining({ currency: 'CNY' }),
  });
  const bare = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => JSON.stringify(operation.requestBody?.content['application/json']?.schema) === JSON.stringify({ type: 'object' }))
      .map(([method]) => `${method} ${path}`),
  );
  expect(bare).toEqual([]);
});
