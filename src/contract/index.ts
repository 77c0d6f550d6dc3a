/**
 * The actor contract: the bottom layer every other one stands on. Machines import
 * nothing of `src/` but this; it imports nothing of `src/`.
 */
export * from './message.js';
export * from './audience.js';
export * from './system-events.js';
export * from './wire-codec.js';
export * from './tick.js';
