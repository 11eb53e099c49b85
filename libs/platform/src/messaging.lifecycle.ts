import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Admin, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { type InboxKafkaTransport, OutboxRelay } from '@clearpath/messaging';
import { HealthRegistry, InjectLogger, type Logger, Metrics, kafkaIndicator, outboxBacklogIndicator, postgresIndicator } from '@clearpath/observability';
import { DATA_SOURCE, KAFKA_ADMIN, PRODUCER, RUNTIME_CONFIG, TRANSPORT } from './platform.tokens';
import type { RuntimeConfig } from './runtime.config';

/**
 * Starts and stops a service's messaging in the order that loses nothing: on shutdown stop taking
 * records (the batch in hand finishes and its offsets commit), then drain the outbox, then close
 * the producer and the database.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay: OutboxRelay | null = null;

  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PRODUCER) private readonly producer: Producer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(TRANSPORT) private readonly transport: InboxKafkaTransport,
    @InjectLogger() private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.producer.connect(), this.admin.connect()]);
    if (this.config.topicNamespace)
      this.logger.warn({ topicNamespace: this.config.topicNamespace.prefix }, 'Kafka topics in a namespace, not the production names');
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      producer: this.producer,
      namespace: this.config.topicNamespace,
      schema: this.config.dbSchema,
      databaseUrl: this.config.databaseUrl,
      logger: this.logger,
      onBacklog: (n) => this.metrics.outboxBacklog.set(n),
    });
    this.health.register(
      postgresIndicator(() => this.dataSource.query('SELECT 1')),
      kafkaIndicator(() => this.admin.describeCluster()),
      outboxBacklogIndicator(() => this.relay!.backlog(), { maxBacklog: 100_000 }),
    );
    if (this.config.relayEnabled) await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.relay?.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
