/** Injection tokens for the infrastructure every Clearpath service gets from the platform module. */
export const CLOCK = Symbol.for('clearpath.platform.clock');
export const DATA_SOURCE = Symbol.for('clearpath.platform.data-source');
export const PRODUCER = Symbol.for('clearpath.platform.producer');
export const KAFKA_ADMIN = Symbol.for('clearpath.platform.kafka-admin');
export const TRANSPORT = Symbol.for('clearpath.platform.transport');
export const RUNTIME_CONFIG = Symbol.for('clearpath.platform.runtime-config');
/** The PersonalDataVault of a service that holds personal data (RuntimeConfig.personalData). */
export const PERSONAL_DATA_VAULT = Symbol.for('clearpath.platform.personal-data-vault');
