import type { GameDetails, OwnedGame } from '../../../../machines/library/game-records.js';

/**
 * A game platform as sync jobs see it: two calls, both I/O, made by the session layer
 * (never by a machine). Failures are `PlatformError`s that say what kind of failure it is.
 */
export interface PlatformAdapter {
  readonly platform: string;
  /** Every game the account owns, with playtime (one cheap request on real platforms). */
  listOwnedGames(account: string): Promise<OwnedGame[]>;
  /** Metadata and the account's achievements for one game. */
  getGameDetails(account: string, game: OwnedGame): Promise<GameDetails>;
}

export type PlatformErrorKind = 'transient' | 'auth' | 'not_found' | 'permanent' | 'not_configured' | 'rate_limited';

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterSec?: number; requestsRemaining?: number; windowResetAt?: string } = {},
  ) {
    super(message);
    this.name = 'PlatformError';
  }
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date), or `fallback`. */
export function parseRetryAfter(header: string | null, now: number, fallback: number): number {
  if (!header) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallback : Math.max(0, Math.ceil((date - now) / 1000));
}
