export * from './backoff';
export * from './http-outcome';
export * from './journal-upload';
export * from './outbox';
export * from './overdue';
export * from './services-in-use';
export * from './status';
export * from './submission-state';
