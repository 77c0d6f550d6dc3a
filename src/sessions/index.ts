import { channelSession } from './channel/index.js';
import type { SessionFactory } from './define-session.js';
import { librarySession } from './library/index.js';
import { mafiaSession } from './mafia/index.js';
import { pokerSession } from './poker/index.js';
import { pongSession } from './pong/index.js';

/** Every session type the server serves. Adding one is one line here. */
export const sessionTypes: readonly SessionFactory[] = [channelSession, mafiaSession, pokerSession, librarySession, pongSession];
