import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FieldError } from '@clearpath/contracts';

/** An RFC 9457 problem document as Clearpath renders it. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly correlationId?: string;
}

export interface ProblemInit {
  readonly status: number;
  /** Defaults to the HTTP reason phrase, as RFC 9457 asks when `type` is `about:blank`. */
  readonly title?: string;
  readonly detail?: string;
  /** A URI naming the problem kind; `about:blank` means "nothing beyond the status code". */
  readonly type?: string;
  readonly errors?: readonly FieldError[];
  /** Response headers the problem needs (`WWW-Authenticate` on 401, `Retry-After` on 429/503). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * RFC 9457 extension members (e.g. a refused contact's `decision` and `ruleIds`). They cannot
   * replace the standard members.
   */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors', 'correlationId']);

/**
 * The error services throw to answer with a specific problem. Everything in it is shown to the
 * caller, so put no internals (SQL, stack, other customers' data) in `detail` or `errors`.
 */
export class ProblemException extends HttpException {
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: ProblemInit) {
    const title = init.title ?? STATUS_CODES[init.status] ?? 'Error';
    super({ type: init.type ?? 'about:blank', title, status: init.status, detail: init.detail, errors: init.errors }, init.status);
    this.type = init.type ?? 'about:blank';
    this.title = title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = Object.fromEntries(Object.entries(init.extensions ?? {}).filter(([name]) => !STANDARD_MEMBERS.has(name)));
    this.message = init.detail ?? title;
  }

  static badRequest(detail: string, errors?: readonly FieldError[]): ProblemException {
    return new ProblemException({ status: 400, detail, ...(errors ? { errors } : {}) });
  }

  /** For the `errors` of `validateWith` from `@clearpath/contracts`. */
  static validation(errors: readonly FieldError[], detail = 'The request is not valid.'): ProblemException {
    return new ProblemException({ status: 400, detail, errors });
  }

  static notFound(detail: string): ProblemException {
    return new ProblemException({ status: 404, detail });
  }

  static conflict(detail: string): ProblemException {
    return new ProblemException({ status: 409, detail });
  }
}

/** A request refused under a separation-of-duties rule (`four-eyes`, `complaint-withdrawal`, …). */
export interface DutyRefusal {
  /** 403: this person may never do it; 409: not in this state (already done, their own request). */
  readonly status: 403 | 409;
  readonly rule: string;
  readonly detail: string;
}

/** The one shape every service answers a duty refusal in: type urn:clearpath:separation-of-duties:<rule>, and the rule. */
export function separationOfDutiesProblem(refusal: DutyRefusal): ProblemException {
  return new ProblemException({
    status: refusal.status,
    type: `urn:clearpath:separation-of-duties:${refusal.rule}`,
    title: 'Separation of duties',
    detail: refusal.detail,
    extensions: { rule: refusal.rule },
  });
}
