export * from './clock.js';
export * from './actor-kind.js';
export * from './actor-host.js';
