import { channelSession } from './channel/index.js';
import type { SessionType } from './define-session.js';
import { librarySession } from './library/index.js';
import { mafiaSession } from './mafia/index.js';
import { pokerSession } from './poker/index.js';
import { pongSession } from './pong/index.js';

/**
 * Every session type the server serves: the one list the server, `npm run docs` (wire
 * references, the README's configuration table) and `npm run charts` (and `/charts`)
 * derive from. Adding a session type is one line here.
 */
export const sessionTypes: readonly SessionType[] = [channelSession, mafiaSession, pokerSession, librarySession, pongSession];
