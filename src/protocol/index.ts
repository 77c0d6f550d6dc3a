export * from './decode.js';
export * from './common.js';
