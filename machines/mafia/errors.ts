/**
 * Every error code of the mafia family (seed 000), in one catalogue. An ERROR event is
 * `{"type":"ERROR","payload":{"code","message"}}`; REST answers `{error:{code,message}}`
 * with the status given here. docs/mafia.md lists the same table (a test checks it).
 */
export const MAFIA_ERRORS = {
  VALIDATION_ERROR: { status: 400, meaning: 'Not JSON, not an object, unknown type, missing or malformed field.' },
  RATE_LIMITED: { status: 429, meaning: 'Too many messages; slow down (persisting closes the socket with 1008). Also: too many games created by this client (CREATE_RATE_PER_MIN; REST adds Retry-After).' },
  SERVER_FULL: { status: 503, meaning: 'The server holds its maximum of live games (MAX_LIVE_SESSIONS); try again later.' },
  NOT_IN_GAME: { status: 403, meaning: 'This socket has not sent RECONNECT, CREATE_GAME or JOIN_GAME yet, or the sender is not a player of this game.' },
  ALREADY_IN_GAME: { status: 409, meaning: 'This socket is already bound to a game.' },
  GAME_NOT_FOUND: { status: 404, meaning: 'No game with that game_id.' },
  GAME_FULL: { status: 409, meaning: 'The lobby already has the maximum number of players.' },
  GAME_ALREADY_STARTED: { status: 409, meaning: 'The game has left the lobby; no new players.' },
  NAME_TAKEN: { status: 409, meaning: 'Another player of this game already uses that name (case-insensitive).' },
  INVALID_SESSION_TOKEN: { status: 401, meaning: 'RECONNECT with an unknown player_id or a wrong session_token.' },
  NOT_HOST: { status: 403, meaning: 'Only the host may START_GAME.' },
  NOT_ENOUGH_PLAYERS: { status: 409, meaning: 'START_GAME with fewer than the minimum number of players.' },
  GAME_NOT_STARTED: { status: 409, meaning: 'The action needs a running game (still in the lobby).' },
  GAME_OVER: { status: 409, meaning: 'The game has ended.' },
  WRONG_PHASE: { status: 409, meaning: 'The action is not allowed in the current phase or sub-phase.' },
  PLAYER_INACTIVE: { status: 403, meaning: 'Deactivated players cannot act (except their exit interview).' },
  NOT_ELIGIBLE: { status: 403, meaning: 'You may not do this today (afflicted, no voting budget, nominee, all-hands rule, not the player who was just deactivated).' },
  ACTION_NOT_ALLOWED: { status: 403, meaning: 'That night action is not yours tonight.' },
  INVALID_TARGET: { status: 422, meaning: 'The target is unknown, deactivated, yourself, a fellow AI member, or otherwise not allowed.' },
  ALREADY_VOTED: { status: 409, meaning: 'You already voted in this nomination or verdict; votes are final.' },
  ALREADY_SUBMITTED: { status: 409, meaning: 'You already submitted this (night action, pulse check, exit interview) for this phase.' },
  QUOTA_EXCEEDED: { status: 429, meaning: 'QUIET_PERIOD: you used up your chat messages for today.' },
  SERVER_ERROR: { status: 500, meaning: 'The server could not handle the message; nothing changed.' },
} as const;

export type MafiaErrorCode = keyof typeof MAFIA_ERRORS;

/** Why a rule refuses an action: the ERROR the sender will get. */
export interface Refusal {
  code: MafiaErrorCode;
  message: string;
}
