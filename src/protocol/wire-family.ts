import type * as t from 'io-ts';

/**
 * What the generated protocol docs need to know about one wire family. Each session
 * type's `defineSession` lists the families of its routes; `npm run docs` renders each
 * to docs/protocol/<name>.md.
 */
export interface WireFamily {
  /** File name under docs/protocol/. */
  name: string;
  title: string;
  seed: string;
  /** The socket routes that speak it (a query string after `?` shows how to connect). */
  routes: readonly string[];
  /** How frames are shaped, in a sentence or two (markdown). */
  envelope: string;
  client: readonly t.Mixed[];
  server: readonly t.Mixed[];
  /** Error code → when it is sent. */
  errors: Readonly<Record<string, string>>;
  /** Field that names the message (default `type`). */
  tag?: string;
}
