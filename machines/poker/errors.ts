/**
 * Every error code a poker client can receive in `ERROR {code, msg}`, with what it means.
 * The one catalogue: the machine, the session and docs/poker.md use these names.
 */
export const PokerErrorCode = {
  /** Malformed frame: not JSON, unknown `type`, missing or wrong field, bad amount type. */
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  RATE_LIMITED: 'RATE_LIMITED',
  TABLE_NOT_FOUND: 'TABLE_NOT_FOUND',
  /** The command needs a seat at this table. */
  NOT_SEATED: 'NOT_SEATED',
  ALREADY_SEATED: 'ALREADY_SEATED',
  TABLE_FULL: 'TABLE_FULL',
  SEAT_TAKEN: 'SEAT_TAKEN',
  INVALID_BUY_IN: 'INVALID_BUY_IN',
  /** ACTION from a player who is not the acting seat, or when no hand is being played. */
  NOT_YOUR_TURN: 'NOT_YOUR_TURN',
  /** The action is not legal now (Check facing a bet, Bet when there is one, raise not reopened...). */
  ILLEGAL_ACTION: 'ILLEGAL_ACTION',
  /** The amount is below the minimum, above the stack, or otherwise not allowed. */
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  /** REBUY while dealt into the current hand. */
  REBUY_NOT_ALLOWED: 'REBUY_NOT_ALLOWED',
  /** POST_BLIND not needed or not allowed. */
  INVALID_BLIND: 'INVALID_BLIND',
  /** SIT_IN with no chips: REBUY first. */
  NO_CHIPS: 'NO_CHIPS',
  TABLE_EXISTS: 'TABLE_EXISTS',
  SERVER_ERROR: 'SERVER_ERROR',
} as const;
export type PokerErrorCode = keyof typeof PokerErrorCode;

/** A rejected command: nothing changed. */
export class Rejection {
  constructor(
    readonly code: PokerErrorCode,
    readonly msg: string,
  ) {}
}
