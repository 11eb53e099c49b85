export * from './kafka/kafka.factory';
export * from './kafka/kafkajs-idle-cpu.patch';
export * from './outbox/outbox.writer';
export * from './outbox/outbox.relay';
export * from './inbox/inbox.types';
export * from './inbox/inbox.consumer';
export * from './nest/inbox-kafka.transport';
export * from './messaging.migration';
