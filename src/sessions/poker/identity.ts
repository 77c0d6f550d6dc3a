import { randomBytes } from 'node:crypto';
import type { Logger } from '../../runtime/index.js';
import type { PokerRepository } from '../../store/index.js';

/** An ephemeral Starknet-style address: `0x` + 64 lowercase hex digits (256 random bits). */
export const newUserId = () => `0x${randomBytes(32).toString('hex')}`;

/** A resume token: 256 random bits, base64url. */
export const newResumeToken = () => randomBytes(32).toString('base64url');

/** Who a poker socket is: a fresh identity, or the one a resume token brings back. */
export interface PokerIdentities {
  /** A new userId and resume token, usable at once (stored in the background). */
  mint(): { userId: string; resumeToken: string };
  /** The user of a live token (refreshing its last use), or undefined when unknown or expired. */
  resume(token: string): string | undefined;
  /** Resolves once a minted token is in the store: only then is it handed to its client (a crash must not forget it). */
  stored(token: string): Promise<void>;
  /** A token another process of the cluster minted (it is in the shared store): resumable here too. */
  learn(token: string, userId: string, lastUsed: number): void;
}

interface Live {
  userId: string;
  lastUsed: number;
}

/**
 * Resume tokens answered from memory, so the upgrade stays synchronous (a deferred uWS
 * 20.30 upgrade is occasionally dropped, see docs/decisions.md) and never waits on the
 * store. The store stays the record: live tokens are loaded from it when the session is
 * built, and every new token or use is written back (in call order: see `inCallOrder`).
 */
export async function createPokerIdentities(deps: {
  repo: PokerRepository;
  ttlMs: number;
  now: () => number;
  logger: Logger;
  /** Told of every token minted here, so the other processes of a cluster can answer it from memory too. */
  announce?: (token: string, userId: string, lastUsed: number) => void;
}): Promise<PokerIdentities> {
  const { repo, ttlMs, now, logger } = deps;
  const live = new Map<string, Live>();
  const storing = new Map<string, Promise<void>>();
  for (const session of await repo.liveSessions(now(), ttlMs)) live.set(session.token, { userId: session.userId, lastUsed: session.lastUsed });
  let lastPurge = now();

  const write = (what: string, written: Promise<unknown>) => void written.catch((error) => logger.error({ err: error }, `poker: could not ${what}`));

  // Expired tokens are swept at most once a minute, on the path that creates them.
  function sweep(at: number) {
    if (at - lastPurge <= 60_000) return;
    lastPurge = at;
    for (const [token, session] of live) if (at - session.lastUsed > ttlMs) live.delete(token);
    write('purge expired resume tokens', repo.purgeExpired(at, ttlMs));
  }

  return {
    mint() {
      const at = now();
      sweep(at);
      const userId = newUserId();
      const resumeToken = newResumeToken();
      live.set(resumeToken, { userId, lastUsed: at });
      const written = repo.createSession(resumeToken, userId, at).then(
        () => void storing.delete(resumeToken),
        (error) => {
          storing.delete(resumeToken);
          logger.error({ err: error }, 'poker: could not store a resume token');
          throw error;
        },
      );
      storing.set(resumeToken, written);
      deps.announce?.(resumeToken, userId, at);
      return { userId, resumeToken };
    },
    resume(token) {
      const session = live.get(token);
      if (!session) return undefined;
      const at = now();
      if (at - session.lastUsed > ttlMs) {
        live.delete(token);
        return undefined;
      }
      session.lastUsed = at;
      write('refresh a resume token', repo.touchSession(token, at));
      return session.userId;
    },
    stored: (token) => storing.get(token) ?? Promise.resolve(),
    learn(token, userId, lastUsed) {
      if (!live.has(token)) live.set(token, { userId, lastUsed });
    },
  };
}
