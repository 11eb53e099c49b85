import type { z } from 'zod';

/** One problem with one field, named by its path in the document (`payload.history[0].month`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export function fieldErrorsFrom(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, prefix), message: issue.message }));
}

/** Runs a zod schema and turns its issues into field errors under `prefix`. */
export function validateWith<T>(schema: z.ZodType<T>, input: unknown, prefix = ''): Validated<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrorsFrom(result.error, prefix) };
}
