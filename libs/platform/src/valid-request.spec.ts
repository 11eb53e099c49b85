import { Controller, Get, HttpCode, type INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { z } from 'zod';
import { ObservabilityModule, ProblemException, createLogger } from '@clearpath/observability';
import { ValidBody, ValidParam, ValidQuery, checkJsonBody, checkRequest } from './valid-request';

const noteSchema = z.object({
  text: z.string().trim().min(1, 'must not be empty'),
  priority: z.number().int().min(1).max(5).optional(),
});
const strictNoteSchema = z.strictObject({ text: z.string().min(1) });
const listSchema = z.object({
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a uuid');
const ID = '00000000-0000-4000-8000-000000000000';

@Controller('notes')
class NotesController {
  @Post()
  @HttpCode(200)
  create(@ValidBody(noteSchema, { description: 'A note', example: { text: 'call back at 10' } }) note: z.output<typeof noteSchema>) {
    return note;
  }

  @Get()
  list(@ValidQuery(listSchema) query: z.output<typeof listSchema>) {
    return query;
  }

  @Post(':id/strict')
  @HttpCode(200)
  strict(@ValidParam('id', uuid) id: string, @ValidBody(strictNoteSchema) note: z.output<typeof strictNoteSchema>) {
    return { id, note };
  }
}

/** The HTTP wiring services have: raw bodies (body-limits.ts reads them raw) and problem+json. */
async function startApp(): Promise<{ app: INestApplication; base: string }> {
  @Module({
    imports: [ObservabilityModule.forRoot({ service: 'test', logger: createLogger({ service: 'test', level: 'silent' }), collectDefaultMetrics: false })],
    controllers: [NotesController],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, bodyParser: false });
  app.use(express.raw({ type: () => true }));
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('@ValidBody, @ValidQuery, @ValidParam', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await startApp());
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(path: string, init: { method?: string; body?: string } = {}) {
    const response = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers: { 'content-type': 'application/json' }, body: init.body });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
  }
  const post = (path: string, body: string) => call(path, { method: 'POST', body });

  it('hands the handler the parsed, checked body', async () => {
    expect(await post('/notes', JSON.stringify({ text: '  call back  ', priority: 2 }))).toMatchObject({
      status: 200,
      body: { text: 'call back', priority: 2 },
    });
  });

  it('answers a body that is not JSON, or none, with 400 problem+json saying so', async () => {
    const notJson = await post('/notes', '{"text": ');
    expect(notJson.status).toBe(400);
    expect(notJson.contentType).toContain('application/problem+json');
    expect(notJson.body).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: expect.stringMatching(/^The body is not valid JSON/),
    });
    expect((await call('/notes', { method: 'POST' })).body).toMatchObject({ status: 400, detail: 'The body is empty.' });
  });

  it('names a missing field and a field of the wrong type, each by its path', async () => {
    const answer = await post('/notes', JSON.stringify({ priority: 'high' }));
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The request is not valid.' });
    expect((answer.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual(['text', 'priority']);
  });

  it('treats unknown fields as the schema says: z.object drops them, z.strictObject names them', async () => {
    expect((await post('/notes', JSON.stringify({ text: 'hi', colour: 'red' }))).body).toEqual({ text: 'hi' });
    const strict = await post(`/notes/${ID}/strict`, JSON.stringify({ text: 'hi', colour: 'red' }));
    expect(strict.status).toBe(400);
    expect(strict.body.errors).toEqual([{ path: '(root)', message: expect.stringContaining('colour') }]);
  });

  it('checks the query: coerces numbers, fills defaults, names a value of the wrong type', async () => {
    expect(await call('/notes?limit=7&status=open')).toMatchObject({ status: 200, body: { limit: 7, status: 'open' } });
    expect((await call('/notes')).body).toEqual({ limit: 100 });
    const wrong = await call('/notes?limit=many');
    expect(wrong.status).toBe(400);
    expect(wrong.contentType).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ status: 400, detail: 'The request is not valid.', errors: [{ path: 'limit', message: expect.any(String) }] });
    expect((await call('/notes?status=lost')).body.errors).toEqual([{ path: 'status', message: expect.any(String) }]);
  });

  it('names a bad path parameter by its name, checked before the body that follows it', async () => {
    const answer = await post('/notes/not-a-uuid/strict', 'not json');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'id', message: 'must be a uuid' }]);
    expect((await post(`/notes/${ID}/strict`, JSON.stringify({ text: 'hi' }))).body).toEqual({ id: ID, note: { text: 'hi' } });
  });

  describe('the OpenAPI document', () => {
    let document: OpenAPIObject;
    beforeAll(() => {
      document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    });

    it('shows the body’s schema, not {type: object}, with its description and example', () => {
      const body = document.paths['/notes'].post!.requestBody as {
        required: boolean;
        description: string;
        content: Record<string, { schema: Record<string, unknown> }>;
      };
      expect(body.required).toBe(true);
      expect(body.description).toBe('A note');
      expect(body.content['application/json'].schema).toEqual({
        type: 'object',
        properties: { text: { type: 'string', minLength: 1 }, priority: { type: 'integer', minimum: 1, maximum: 5 } },
        required: ['text'],
        example: { text: 'call back at 10' },
      });
      const strict = document.paths['/notes/{id}/strict'].post!.requestBody as { content: Record<string, { schema: Record<string, unknown> }> };
      expect(strict.content['application/json'].schema).toMatchObject({ additionalProperties: false, required: ['text'] });
    });

    it('lists each query property as a parameter: required unless optional or defaulted', () => {
      const parameters = document.paths['/notes'].get!.parameters as Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
      expect(parameters).toEqual(
        expect.arrayContaining([
          { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['open', 'closed'] } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        ]),
      );
      expect(parameters).toHaveLength(2);
    });

    it('gives the path parameter its schema', () => {
      const parameters = document.paths['/notes/{id}/strict'].post!.parameters as Array<{
        name: string;
        in: string;
        required: boolean;
        schema: Record<string, unknown>;
      }>;
      expect(parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: expect.stringContaining('[0-9a-f]{8}') } }]);
    });
  });
});

describe('checkRequest and checkJsonBody', () => {
  const problemOf = (thunk: () => unknown): ProblemException => {
    try {
      thunk();
    } catch (error) {
      return error as ProblemException;
    }
    throw new Error('expected a problem');
  };

  it('reads a raw body (a Buffer, as services receive it) and names errors under a prefix', () => {
    expect(checkJsonBody(noteSchema, Buffer.from('{"text":"hi"}'))).toEqual({ text: 'hi' });
    expect(problemOf(() => checkRequest(uuid, 'x', 'id')).errors).toEqual([{ path: 'id', message: 'must be a uuid' }]);
  });

  it('takes the problem’s detail from a custom issue that names one', () => {
    const oneOrFew = z.array(z.unknown()).superRefine((items, ctx) => {
      if (items.length > 2)
        ctx.issues.push({ code: 'custom', input: items, message: 'must hold 1 to 2 items', params: { detail: `${items.length} items; at most 2.` } });
    });
    const problem = problemOf(() => checkRequest(oneOrFew, [1, 2, 3]));
    expect(problem).toBeInstanceOf(ProblemException);
    expect({ status: problem.getStatus(), detail: problem.detail, errors: problem.errors }).toEqual({
      status: 400,
      detail: '3 items; at most 2.',
      errors: [{ path: '(root)', message: 'must hold 1 to 2 items' }],
    });
  });

  it('refuses a query schema that is not an object at decoration time', () => {
    expect(() => ValidQuery(z.string())).toThrow(/zod object schema/);
  });
});
