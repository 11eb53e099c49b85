import { Body, Param, type PipeTransform, Query } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApiBody, ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { fieldErrorsFrom } from '@clearpath/contracts';
import { ProblemException } from '@clearpath/observability';
import { parseJsonBody } from './json-body';

/** What OpenAPI shows beside a body's schema. */
export interface BodyDoc {
  readonly description?: string;
  readonly example?: unknown;
}

/**
 * `input` as `schema` reads it, or the 400 problem+json every service answers: `errors` names each
 * field by its path, under `prefix` (a path parameter's name). A schema may set the problem's
 * `detail` itself, in a custom issue's `params.detail` (ingestion names how many events it got).
 */
export function checkRequest<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues.map((issue) => (issue.code === 'custom' ? issue.params?.detail : undefined)).find((d) => typeof d === 'string');
  throw ProblemException.validation(fieldErrorsFrom(result.error, prefix), detail);
}

/**
 * The raw body (services read bodies raw: body-limits.ts) parsed as JSON and checked against
 * `schema`. `@ValidBody` does this before the handler runs; a handler that must first verify a
 * signature over the raw bytes (a provider's webhook) calls it itself, after, and documents the
 * body with `@ApiJsonBody`.
 */
export function checkJsonBody<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  return checkRequest(schema, parseJsonBody(raw));
}

/** One part of a request checked against a zod schema before the handler runs. */
export class ZodRequestPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    readonly part: 'body' | 'query' | { readonly param: string },
  ) {}

  transform(value: unknown): z.output<S> {
    if (this.part === 'body') return checkJsonBody(this.schema, value);
    return checkRequest(this.schema, value, this.part === 'query' ? '' : this.part.param);
  }
}

/**
 * The schema as OpenAPI 3.0 shows it: what a client may send (`io: 'input'`, so a default is
 * optional and a transform shows what it reads); checks JSON Schema cannot say (refinements) are
 * left out, never guessed.
 */
export function openApiSchemaOf(schema: z.ZodType): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as SchemaObject;
}

/**
 * The JSON body, checked against `schema` (a 400 problem naming each field otherwise), and
 * documented as the operation's requestBody.
 */
export function ValidBody<S extends z.ZodType>(schema: S, doc: BodyDoc = {}): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodRequestPipe(schema, 'body'))(target, key!, index);
    inDeclaredOrder(target, key);
    onHandler(target, key, ApiJsonBody(schema, doc));
  };
}

/** Documents a JSON body the handler checks itself with `checkJsonBody` (see there why). */
export function ApiJsonBody(schema: z.ZodType, doc: BodyDoc = {}): MethodDecorator {
  const shown = openApiSchemaOf(schema);
  return ApiBody({ required: true, description: doc.description, schema: doc.example === undefined ? shown : { ...shown, example: doc.example } });
}

/**
 * The query string as a whole, checked against a zod object schema (`z.coerce` for numbers: every
 * query value arrives as a string); each of its properties documented as a query parameter.
 */
export function ValidQuery<S extends z.ZodType>(schema: S): ParameterDecorator {
  const shown = openApiSchemaOf(schema);
  const properties = shown.properties;
  if (shown.type !== 'object' || properties === undefined)
    throw new Error('@ValidQuery takes a zod object schema: the query string is one object of named values');
  const required = new Set(shown.required ?? []);
  return (target, key, index) => {
    Query(new ZodRequestPipe(schema, 'query'))(target, key!, index);
    inDeclaredOrder(target, key);
    for (const [name, property] of Object.entries(properties)) {
      onHandler(target, key, ApiQuery({ name, required: required.has(name), schema: property }));
    }
  };
}

/** One path parameter, checked against `schema`; its errors are named by the parameter (`id`). */
export function ValidParam<S extends z.ZodType>(name: string, schema: S): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodRequestPipe(schema, { param: name }))(target, key!, index);
    inDeclaredOrder(target, key);
    onHandler(target, key, ApiParam({ name, required: true, schema: openApiSchemaOf(schema) }));
  };
}

/**
 * Nest starts every parameter's pipes together, in the order of the handler's argument metadata,
 * and answers the first that fails; parameter decorators run last parameter first, so that order
 * is backwards. Sorted by position, a handler's parameters are checked in the order it declares
 * them: `(@ValidParam('id', …) id, @ValidBody(…) body)` answers a bad id before a bad body.
 */
function inDeclaredOrder(target: object, key: string | symbol | undefined): void {
  if (key === undefined) return;
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) as Record<string, { index: number }> | undefined;
  if (args === undefined) return;
  const sorted = Object.fromEntries(Object.entries(args).sort(([, a], [, b]) => a.index - b.index));
  Reflect.defineMetadata(ROUTE_ARGS_METADATA, sorted, target.constructor, key);
}

/** A parameter decorator's OpenAPI half is a method decorator: applied to the handler the parameter belongs to. */
function onHandler(target: object, key: string | symbol | undefined, decorate: MethodDecorator): void {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (key === undefined || descriptor === undefined) throw new Error('@ValidBody, @ValidQuery and @ValidParam go on a route handler’s parameters');
  decorate(target, key, descriptor);
}
