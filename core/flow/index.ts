/** The flow layer: service definitions as data, their load-time checks, and the step engine. */
export * from './condition';
export * from './validation-rule';
export * from './step';
export * from './service-definition';
export * from './check-service-definition';
export * from './submission';
export * from './validate-answer';
export * from './engine';
