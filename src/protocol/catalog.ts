import type * as t from 'io-ts';
import { channelWire } from './channel.js';
import { libraryWire } from './library.js';
import { mafiaWire } from './mafia.js';
import { pokerWire } from './poker.js';
import { opponentWire } from './opponent.js';
import { pongWire } from './pong.js';

/** What the generated protocol docs need to know about one wire family. */
export interface WireFamily {
  /** File name under docs/protocol/. */
  name: string;
  title: string;
  seed: string;
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

/** Every wire family the server speaks; `npm run docs` renders each to docs/protocol/<name>.md. */
export const wireFamilies: readonly WireFamily[] = [channelWire, mafiaWire, pokerWire, libraryWire, pongWire, opponentWire];
