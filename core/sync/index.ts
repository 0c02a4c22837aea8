export * from './backoff';
export * from './http-outcome';
export * from './outbox';
export * from './overdue';
export * from './status';
export * from './submission-state';
