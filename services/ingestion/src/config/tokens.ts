/** Nest injection tokens for things that are not classes. */
export const CLOCK = Symbol('CLOCK');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const PRODUCER = Symbol('PRODUCER');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
export const TRANSPORT = Symbol('TRANSPORT');
export const CONFIG = Symbol('CONFIG');
