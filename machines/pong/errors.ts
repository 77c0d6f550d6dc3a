/** Every error code of the pong family (seed 004's table plus what wire.md adds), in one place. */
export const PONG_ERRORS = {
  CALIBRATION_FAILED: { recoverable: true, meaning: 'Quality score below the minimum after the last allowed attempt' },
  THONK_TIMEOUT: { recoverable: true, meaning: 'No signals for more than the THONK timeout while playing; the game is paused' },
  INVALID_SESSION: { recoverable: false, meaning: 'No session on this socket (send connect first), or the session moved to another socket' },
  GAME_NOT_STARTED: { recoverable: true, meaning: 'Input or pause while no game is running' },
  GPT_API_ERROR: { recoverable: true, meaning: 'The language-model taunt provider failed; the taunt is skipped' },
  RATE_LIMIT_EXCEEDED: { recoverable: true, meaning: 'Over a per-event or per-socket rate limit, or too many sessions connected by one client (CREATE_RATE_PER_MIN)' },
  SERVER_FULL: { recoverable: true, meaning: 'The server holds its maximum of live matches (MAX_LIVE_SESSIONS); connect again later' },
  VALIDATION_ERROR: { recoverable: true, meaning: 'Bad frame: not JSON, unknown type, missing/wrong field, timestamp outside ±5 s' },
  INVALID_STATE: { recoverable: true, meaning: 'Message not allowed in the session\'s current state (e.g. start_game before calibration)' },
  SERVER_ERROR: { recoverable: true, meaning: 'The server could not handle the message; nothing changed' },
} as const;

export type PongErrorCode = keyof typeof PONG_ERRORS;

/** `/opponent/ws` error codes, exactly as the seed. */
export const OPPONENT_ERRORS = {
  INVALID_EVENT: 'The game_event failed validation',
  OPENAI_ERROR: 'The language-model provider failed or timed out; the taunt is empty, difficulty still updated',
  METRICS_UNAVAILABLE: 'No live metrics for the linked session; neutral metrics were used',
  RATE_LIMIT: 'Taunts are limited to one per interval (or too many events); difficulty still updated',
} as const;

export type OpponentErrorCode = keyof typeof OPPONENT_ERRORS;
