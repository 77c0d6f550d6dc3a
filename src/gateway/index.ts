export * from './types.js';
export * from './jwt-auth.js';
export * from './metrics.js';
export { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
export { assertNativeUws } from './uws.js';
export { decodeBody, errorResponse } from './http.js';
export { createAdminCheck, isLoopback } from './admin-access.js';
export { readPageQuery, type PageQuery } from './page-query.js';
export { createCreationLimit, type CreationLimit } from './creation-limit.js';
