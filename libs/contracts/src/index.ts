export * from './clock';
export * from './money/money';
export * from './validation/validation-error';
export * from './envelope/event-envelope';
export * from './topics/topic-registry';
export * from './events/core-banking/core-banking-event.v1';
export * from './events/loan-lifecycle/loan-lifecycle-event.v1';
export * from './events/customer-contacts/customer-contact-details.v1';
