/** flow-monitor's own kafkajs client: the trace consumer and the dead-letter reader need one (the platform exposes only its producer and admin). */
export const KAFKA_CLIENT = Symbol.for('clearpath.flow-monitor.kafka-client');
