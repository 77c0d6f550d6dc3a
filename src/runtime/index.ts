export * from './clock.js';
export * from './logger.js';
export * from './actor-kind.js';
export * from './actor-host.js';
export type { ActorObserver } from './observation.js';
export type { TickFrame } from './tick-scheduler.js';
export * from './frame-scheduler.js';
