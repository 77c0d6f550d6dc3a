export * from './types.js';
export { createBus, type Bus, type RequestOptions } from './bus.js';
export { createInProcessTransport, type InProcessTransportOptions } from './in-process-transport.js';
export { createDeferredTransport, type DeferredTransportOptions } from './deferred-transport.js';
export type { DeliveryErrorReporter } from './delivery-failure.js';
export { ACTOR_MOVED_TOPIC } from './actor-moved-topic.js';
