import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What ties a log line to the business flow it belongs to. HTTP requests get it from the
 * `x-correlation-id` header; Kafka consumers from the event envelope (`causationId` = the eventId
 * being handled), so that events they publish carry it on.
 */
export interface RequestContext {
  readonly correlationId: string;
  readonly causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request or message being handled, or undefined outside of one (boot, timers). */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
