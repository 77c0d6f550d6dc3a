export * from './types.js';
export { createBus, type Bus, type RequestOptions } from './bus.js';
export { createInProcessTransport } from './in-process-transport.js';
