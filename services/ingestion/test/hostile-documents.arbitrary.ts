import fc from 'fast-check';
import { aCustomerFlagged, aLoanClosed, aLoanOverdue, aPaymentReceived } from '@clearpath/testing';

/**
 * Documents a hostile or broken core-banking system could send, for fuzzing the inbound contract
 * (`corebank.loan-events.v1`): prototype keys as names and as values, deep nesting, huge strings,
 * arbitrary JSON. Each comes labelled: whether the contract accepts it, and for a rejected one the
 * field path its error must name, so a property can check the answer and not only that one came.
 */

/** Names `Object.prototype` answers to: what an `obj[key]` lookup with an untrusted key finds. */
export const PROTOTYPE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const;

export interface LabelledDocument {
  readonly document: unknown;
  readonly valid: boolean;
  /** For a rejected document whose fault is one field: the path its error names. */
  readonly path?: string;
  readonly why: string;
}

type Json = Record<string, unknown>;

/** An object with these own enumerable keys, `__proto__` included (assigning it would set the prototype instead). */
export function ownObject(entries: ReadonlyArray<readonly [string, unknown]>): Json {
  const out: Json = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The document as the service receives it: JSON text, parsed (so `__proto__` is an own key). */
export function asReceived(document: unknown): unknown {
  return JSON.parse(JSON.stringify(document));
}

export const prototypeKey = fc.constantFrom(...PROTOTYPE_KEYS);
const hostileKey = fc.oneof(prototypeKey, fc.constantFrom('eventId', 'eventType', 'payload', 'events', 'customer', ''), fc.string({ maxLength: 12 }));

/** Small objects whose keys are often `Object.prototype`'s names, with arbitrary JSON under them. */
export const prototypeObject = fc
  .array(fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 6 })
  .map((entries) => ownObject(entries));

const BUILDERS = {
  LoanOverdue: aLoanOverdue,
  PaymentReceived: aPaymentReceived,
  LoanClosed: aLoanClosed,
  CustomerFlagged: aCustomerFlagged,
} as const;
type EventType = keyof typeof BUILDERS;

/** Required scalar fields per event type: any object, array or huge string there is a rejection naming the path. */
const REQUIRED_SCALARS: Readonly<Record<EventType, readonly string[]>> = {
  LoanOverdue: [
    'payload.customer.customerId',
    'payload.customer.fullName',
    'payload.customer.phone',
    'payload.customer.timezone',
    'payload.customer.locale',
    'payload.customer.jurisdiction',
    'payload.product',
    'payload.currency',
    'payload.creditLimit',
    'payload.outstandingBalance',
    'payload.overdueAmount',
    'payload.daysPastDue',
    'payload.dueDate',
  ],
  PaymentReceived: ['payload.customerId', 'payload.amount', 'payload.currency', 'payload.paidAt', 'payload.method', 'payload.reference'],
  LoanClosed: ['payload.reason'],
  CustomerFlagged: ['payload.customerId', 'payload.flag', 'payload.active'],
};
const ENVELOPE_SCALARS = ['eventId', 'schemaVersion', 'occurredAt', 'source', 'loanId', 'sequence'];
/** Fields with a format or a list of values: a prototype name there (`"constructor"`) breaks them too. */
const FORMATTED = new Set([
  'eventId',
  'occurredAt',
  'payload.customer.phone',
  'payload.customer.timezone',
  'payload.customer.locale',
  'payload.customer.jurisdiction',
  'payload.product',
  'payload.currency',
  'payload.creditLimit',
  'payload.outstandingBalance',
  'payload.overdueAmount',
  'payload.dueDate',
  'payload.amount',
  'payload.paidAt',
  'payload.method',
  'payload.reason',
  'payload.flag',
  'payload.active',
]);

const eventType = fc.constantFrom(...(Object.keys(BUILDERS) as EventType[]));

/** A valid event of any type, with ids drawn by fast-check so a failing case replays. */
export const validEvent = fc
  .record({ type: eventType, eventId: fc.uuid({ version: 4 }), loan: fc.nat(), sequence: fc.nat({ max: 1_000_000 }) })
  .map(({ type, eventId, loan, sequence }) => ({
    type,
    document: BUILDERS[type]().withEventId(eventId).forLoan(`LN-FUZZ-${loan}`).withSequence(sequence).build(),
  }));

function setPath(document: Json, path: string, value: unknown): Json {
  const parts = path.split('.');
  let target = document;
  for (const part of parts.slice(0, -1)) target = target[part] as Json;
  const last = parts[parts.length - 1];
  if (value === undefined) delete target[last];
  else Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true });
  return document;
}

/** How big the huge strings and how deep the nesting: HTTP takes megabytes, a Kafka record far less. */
export interface HostileSizes {
  readonly stringLength: { readonly min: number; readonly max: number };
  readonly depth: { readonly min: number; readonly max: number };
}

/** 20k to 100k characters (at most 600 kB of JSON: escaped NULs), 100 to 3,000 levels. */
export const HTTP_SIZES: HostileSizes = { stringLength: { min: 20_000, max: 100_000 }, depth: { min: 100, max: 3_000 } };

/** The labelled documents, with strings and nesting of these sizes. */
export function hostileDocuments(sizes: HostileSizes = HTTP_SIZES) {
  /** Far beyond every length the contract allows (64, 128, 200 characters). */
  const hugeString = fc
    .tuple(fc.constantFrom('x', '王', '"', '\\', '\u0000', '\u{1F600}', 'constructor'), fc.integer(sizes.stringLength))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

  /** Levels of arrays or objects (objects keyed by prototype names too). */
  const deepNesting = fc.tuple(fc.integer(sizes.depth), fc.constantFrom('array', 'object', 'prototype-object')).map(([depth, shape]) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) {
      if (shape === 'array') value = [value];
      else value = ownObject([[shape === 'object' ? 'a' : PROTOTYPE_KEYS[i % PROTOTYPE_KEYS.length], value]]);
    }
    return value;
  });

  /** A value that is an object or array: never valid where the contract wants a string, number or boolean. */
  const structuredValue = fc.oneof(prototypeObject, deepNesting, fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.constant({}), fc.constant([]));

  /** Any JSON value, the hostile kinds weighted in. */
  const hostileValue = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: prototypeKey },
    { weight: 1, arbitrary: hugeString },
    { weight: 2, arbitrary: structuredValue },
  );

  /** eventType replaced by a prototype name, another string, or anything else: rejected at `eventType`. */
  const badEventType: fc.Arbitrary<LabelledDocument> = fc
    .tuple(validEvent, fc.oneof({ weight: 4, arbitrary: prototypeKey }, { weight: 1, arbitrary: hostileValue }), fc.boolean())
    .filter(([, type]) => !(typeof type === 'string' && Object.hasOwn(BUILDERS, type)))
    .map(([{ document }, type, dropPayload]) => {
      const broken = setPath(structuredClone(document), 'eventType', type);
      if (dropPayload) delete broken.payload;
      return { document: broken, valid: false, path: 'eventType', why: `eventType ${JSON.stringify(type)?.slice(0, 40)}` };
    });

  /** One required field made impossible: an object, array or huge string anywhere, a prototype name where a format rules. */
  const badField: fc.Arbitrary<LabelledDocument> = validEvent.chain(({ type, document }) =>
    fc.constantFrom(...ENVELOPE_SCALARS, ...REQUIRED_SCALARS[type]).chain((path) =>
      fc.oneof(structuredValue, hugeString, fc.constant(undefined), ...(FORMATTED.has(path) ? [prototypeKey] : [])).map((value) => ({
        document: setPath(structuredClone(document), path, value),
        valid: false,
        path,
        why: `${path} = ${value === undefined ? '(missing)' : JSON.stringify(value).slice(0, 40)}`,
      })),
    ),
  );

  /** The payload (or a LoanOverdue's customer) that is not an object. */
  const badContainer: fc.Arbitrary<LabelledDocument> = validEvent.chain(({ type, document }) =>
    fc
      .tuple(
        fc.constantFrom('payload', ...(type === 'LoanOverdue' ? ['payload.customer'] : [])),
        fc.oneof(prototypeKey, hugeString, fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.integer(), fc.constant(null)),
      )
      .map(([path, value]) => ({
        document: setPath(structuredClone(document), path, value),
        valid: false,
        path,
        why: `${path} = ${JSON.stringify(value).slice(0, 40)}`,
      })),
  );

  /** Anything at all where an event should be: arbitrary JSON, prototype-keyed objects, deep nesting, huge strings. */
  const notAnEvent: fc.Arbitrary<LabelledDocument> = fc
    .oneof(hostileValue, prototypeObject, deepNesting)
    .map((document) => ({ document, valid: false, why: `not an event: ${String(JSON.stringify(document)).slice(0, 40)}` }));

  /**
   * A valid event with prototype names added as unknown fields (at the root, in the payload, in the
   * customer): the contract ignores unknown fields, so it stays valid, and nothing may be polluted.
   */
  const validWithPrototypeKeys: fc.Arbitrary<LabelledDocument> = fc
    .tuple(validEvent, fc.array(fc.tuple(fc.constantFrom('', 'payload', 'payload.customer'), prototypeKey, hostileValue), { minLength: 1, maxLength: 6 }))
    .map(([{ type, document: base }, additions]) => {
      const document = structuredClone(base);
      const added: string[] = [];
      for (const [where, key, value] of additions) {
        const container =
          where === ''
            ? document
            : where === 'payload'
              ? (document.payload as Json)
              : type === 'LoanOverdue'
                ? ((document.payload as Json).customer as Json)
                : null;
        if (container === null) continue;
        Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
        added.push(`${where || '(root)'}.${key}`);
      }
      return { document, valid: true, why: `valid ${type} with ${added.join(', ') || 'nothing added'}` };
    });

  /** Rejected documents only. */
  const invalidDocument: fc.Arbitrary<LabelledDocument> = fc.oneof(
    { weight: 3, arbitrary: badEventType },
    { weight: 4, arbitrary: badField },
    { weight: 1, arbitrary: badContainer },
    { weight: 2, arbitrary: notAnEvent },
  );

  /** Mostly rejected documents, some valid ones carrying prototype keys. */
  const hostileDocument: fc.Arbitrary<LabelledDocument> = fc.oneof({ weight: 4, arbitrary: invalidDocument }, { weight: 1, arbitrary: validWithPrototypeKeys });

  return { validWithPrototypeKeys, invalidDocument, hostileDocument };
}

export const { hostileDocument, invalidDocument } = hostileDocuments();
