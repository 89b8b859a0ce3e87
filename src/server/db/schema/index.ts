export * from './organisation.js';
export * from './signal.js';
export * from './audit.js';
export * from './entities.js';
export * from './policy.js';
