/**
 * The server's own settings and the `/charts` view's. A session type's settings are a
 * section of its own (`src/config/<name>.ts`, a `defineConfigSection`) that its
 * `defineSession` carries: the server reads it from the same environment and hands it
 * to that session as `config.<key>`. Every variable is listed in the README's
 * configuration table, which `npm run docs` renders from these declarations.
 */
import { randomBytes } from 'node:crypto';
import { chartsConfig } from './charts.js';
import { clusterConfig } from './cluster.js';
import type { Env } from './env.js';
import { natsConfig } from './nats.js';
import { serverConfig } from './server.js';

export type { Env } from './env.js';
export { defineConfigSection, type ConfigSection } from './config-section.js';

export function loadConfig(env: Env = process.env) {
  return {
    ...serverConfig.load(env),
    charts: chartsConfig.load(env),
    nats: natsConfig.load(env),
    cluster: clusterConfig.load(env),
    /** The environment this was loaded from: session types read their own sections from it. */
    env: Object.freeze({ ...env }) as Readonly<Env>,
  };
}

export type Config = ReturnType<typeof loadConfig>;

/** A session type's view of the config: the server's, plus its own section under its key. */
export type ConfigWith<K extends string, V> = Config & { readonly [P in K]: V };

/** The secret JWTs are signed with; a random one for local runs when JWT_SECRET is unset. */
export function resolveJwtSecret(config: Config): Uint8Array {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  if (config.production) throw new Error('config: JWT_SECRET is required when NODE_ENV=production');
  return new Uint8Array(randomBytes(32));
}
