import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom, isObservable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { InboxConsumer, type InboxConsumerOptions } from '../inbox/inbox.consumer';
import type { ConsumerObserver, InboundMessage, MessageOutcome } from '../inbox/inbox.types';

/** What an `@EventPattern(topic)` handler receives from this transport. */
export interface InboundBatch {
  readonly messages: readonly InboundMessage[];
  /** The inbox transaction: write the effect through it. */
  readonly manager: EntityManager;
}

export type InboxKafkaTransportOptions = Omit<InboxConsumerOptions, 'handler' | 'topics'> & {
  /** topic → dead-letter topic, for every topic a handler is registered for. */
  readonly dlqOf: (topic: string) => string;
};

/**
 * A @nestjs/microservices custom transport: controllers declare `@EventPattern(topic)` handlers
 * that take an {@link InboundBatch} and return one outcome per message; the transport runs them
 * inside the inbox transaction with retries and dead-lettering (see InboxConsumer).
 */
export class InboxKafkaTransport extends Server implements CustomTransportStrategy {
  private runner: InboxConsumer | null = null;
  private observer: ConsumerObserver | undefined;

  constructor(private readonly transportOptions: InboxKafkaTransportOptions) {
    super();
  }

  /** Metrics hooks; set before `startAllMicroservices`, once the app's Metrics exist. */
  setObserver(observer: ConsumerObserver): void {
    this.observer = observer;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const topics = [...this.messageHandlers.keys()];
      // A service that consumes nothing through the inbox (flow-monitor only observes) has no runner.
      if (topics.length === 0) {
        callback();
        return;
      }
      this.runner = new InboxConsumer({
        ...this.transportOptions,
        observer: this.observer ?? this.transportOptions.observer,
        topics: topics.map((topic) => ({ topic, dlq: this.transportOptions.dlqOf(topic) })),
        handler: async (messages, manager) => {
          const handler = this.messageHandlers.get(messages[0].topic);
          if (!handler) throw new Error(`no handler for ${messages[0].topic}`);
          const result: unknown = await handler({ messages, manager } satisfies InboundBatch);
          return (isObservable(result) ? await lastValueFrom(result) : result) as MessageOutcome[];
        },
      });
      await this.runner.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    this.runner = null;
  }

  on(): never {
    throw new Error('InboxKafkaTransport does not emit status events');
  }

  unwrap<T>(): T {
    return this.runner as T;
  }
}
