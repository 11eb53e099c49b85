export * from './platform.tokens';
export * from './runtime.config';
export * from './messaging.lifecycle';
export * from './service-app.factory';
export * from './ops-endpoints';
export * from './json-body';
export * from './serve';
export * from './polling.loop';
