/** Nest injection tokens for things that are not classes. */
export const CLOCK = Symbol('CLOCK');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const KAFKA = Symbol('KAFKA');
export const PRODUCER = Symbol('PRODUCER');
export const CONFIG = Symbol('CONFIG');
