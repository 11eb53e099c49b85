import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Controller, DefaultValuePipe, Get, type INestApplication, Module, ParseIntPipe, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOperation, ApiResponse, type OpenAPIObject, type OperationObject } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '@clearpath/auth';
import { ObservabilityModule, Public, createLogger } from '@clearpath/observability';
import { buildOpenApiDocument } from './openapi-document';
import { OpsMetricsController } from './ops-endpoints';
import { ValidBody, ValidParam } from './valid-request';

const note = z.object({ text: z.string().min(1) });

@Controller('notes')
@Roles('agent')
class NotesController {
  @Get()
  @ApiOperation({ summary: 'List notes' })
  list(@Query('limit', new DefaultValuePipe(10)) limit: number) {
    return { limit };
  }

  @Get('page')
  @ApiOperation({ summary: 'One page of notes' })
  page(@Query('after', new DefaultValuePipe(0), ParseIntPipe) after: number) {
    return { after };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One note' })
  one(@ValidParam('id', z.uuid()) id: string) {
    return { id };
  }

  @Post()
  @ApiOperation({ summary: 'Write a note' })
  @ApiResponse({ status: 201, description: 'Written' })
  @ApiResponse({ status: 400, description: 'Not a note: written by the controller' })
  create(@ValidBody(note) body: z.output<typeof note>) {
    return body;
  }
}

@Public()
@Controller('hooks')
class HooksController {
  @Post()
  @ApiOperation({ summary: 'A provider’s callback' })
  receive(@ValidBody(note) body: z.output<typeof note>) {
    return body;
  }
}

async function documentOf(options: { metrics: 'public' | 'role' }): Promise<{ app: INestApplication; document: OpenAPIObject }> {
  @Module({
    imports: [
      ObservabilityModule.forRoot({
        service: 'test',
        logger: createLogger({ service: 'test', level: 'silent' }),
        collectDefaultMetrics: false,
        publicMetrics: options.metrics === 'public',
      }),
    ],
    controllers: [NotesController, HooksController, ...(options.metrics === 'role' ? [OpsMetricsController] : [])],
  })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false });
  return { app, document: buildOpenApiDocument(app, { service: 'test', description: 'A service under test.' }) };
}

const operation = (document: OpenAPIObject, path: string, method: 'get' | 'post'): OperationObject => document.paths[path]![method]!;
const statuses = (op: OperationObject): string[] => Object.keys(op.responses);
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
const CREDENTIALS = [{ 'api-key': [] }, { bearer: [] }];

describe('buildOpenApiDocument', () => {
  const apps: INestApplication[] = [];
  let document: OpenAPIObject;
  beforeAll(async () => {
    const built = await documentOf({ metrics: 'public' });
    apps.push(built.app);
    document = built.document;
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('names the service, its licence, a server relative to wherever it is served, and both ways to authenticate', () => {
    expect(document.info).toMatchObject({ title: 'Clearpath test', description: 'A service under test.', license: { name: 'Apache-2.0' } });
    expect(document.servers).toEqual([{ url: '/', description: 'This service' }]);
    expect(document.components?.securitySchemes).toEqual({
      'api-key': { type: 'apiKey', name: 'x-api-key', in: 'header' },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
  });

  it('asks for credentials on a guarded route, and answers it 401, 403 and 429', () => {
    const list = operation(document, '/notes', 'get');
    expect(list.security).toEqual(CREDENTIALS);
    expect(list.responses).toMatchObject({ '401': ref('Unauthorized'), '403': ref('Forbidden'), '429': ref('TooManyRequests') });
    // DefaultValuePipe never refuses a value: no 400 without a check that can fail.
    expect(statuses(list)).toEqual(['200', '401', '403', '429']);
  });

  it('adds 400 where a pipe checks an argument, and 400 and 413 where a body is read', () => {
    expect(statuses(operation(document, '/notes/page', 'get'))).toEqual(['200', '400', '401', '403', '429']);
    expect(statuses(operation(document, '/notes/{id}', 'get'))).toEqual(['200', '400', '401', '403', '429']);
    expect(statuses(operation(document, '/notes', 'post'))).toEqual(['201', '400', '401', '403', '413', '429']);
    expect(operation(document, '/notes/page', 'get').responses['400']).toEqual(ref('BadRequest'));
  });

  it('keeps a response the controller documents itself', () => {
    expect(operation(document, '/notes', 'post').responses['400']).toEqual({ description: 'Not a note: written by the controller' });
  });

  it('declares a public route open to anyone (`security: []`), still rate-limited', () => {
    const hook = operation(document, '/hooks', 'post');
    expect(hook.security).toEqual([]);
    expect(statuses(hook)).toEqual(['201', '400', '413', '429']);
  });

  it('adds no 4xx to the probes and public metrics, which answer every caller and are never counted', () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const probe = operation(document, path, 'get');
      expect({ path, security: probe.security, statuses: statuses(probe), summary: typeof probe.summary }).toEqual({
        path,
        security: [],
        statuses: ['200'],
        summary: 'string',
      });
    }
  });

  it('documents /metrics for ops when CLEARPATH_METRICS=role: 401 and 403, not counted', async () => {
    const built = await documentOf({ metrics: 'role' });
    apps.push(built.app);
    const metrics = operation(built.document, '/metrics', 'get');
    expect(metrics.security).toEqual(CREDENTIALS);
    expect(statuses(metrics)).toEqual(['200', '401', '403']);
  });

  it('defines each answer it refers to once, as problem+json, and no other', () => {
    expect(Object.keys(document.components?.responses ?? {})).toEqual(['BadRequest', 'Unauthorized', 'Forbidden', 'PayloadTooLarge', 'TooManyRequests']);
    expect(document.components?.responses?.TooManyRequests).toMatchObject({
      headers: { 'Retry-After': { schema: { type: 'integer' } } },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    expect(document.components?.schemas?.Problem).toMatchObject({ type: 'object', required: ['type', 'title', 'status'] });
  });

  it('passes Redocly’s recommended rules (redocly.yaml), but for the probes having no 4xx answer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clearpath-openapi-unit-'));
    try {
      const file = join(dir, 'test.json');
      await writeFile(file, JSON.stringify(document));
      const root = resolve(__dirname, '../../..');
      const args = [resolve(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--config', resolve(root, 'redocly.yaml'), '--format', 'json', file];
      const { stdout } = await promisify(execFile)(process.execPath, args, {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
      const report = JSON.parse(stdout) as { problems: Array<{ ruleId: string; location: Array<{ pointer: string }> }> };
      expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`)).toEqual([
        'operation-4xx-response #/paths/~1health~1live/get/responses',
        'operation-4xx-response #/paths/~1health~1ready/get/responses',
        'operation-4xx-response #/paths/~1metrics/get/responses',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
