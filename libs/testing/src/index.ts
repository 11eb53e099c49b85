export * from './expect-eventually';
export * from './core-banking-event.factory';
export * from './stack';
export * from './contract-rule-cases';
export * from './sample-day.generator';
export * from './service-process';
export * from './demo-day.generator';
export * from './subject-keys.fake';
