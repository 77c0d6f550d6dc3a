/**
 * Settings of a server under fuzz: the per-socket rate limits are raised so that every
 * frame reaches the decoder and its answer is the protocol's, not the limiter's (the
 * limiters have their own tests); so are the per-client creation limits, since the fuzzer
 * sets its sessions up again after every close. Every other limit keeps its default — the oracle
 * decodes with the default codecs.
 */
export const FUZZ_SERVER_ENV: Record<string, string> = {
  RATE_LIMIT_PER_SEC: '1000000',
  RATE_LIMIT_BURST: '1000000',
  RATE_LIMIT_CLOSE_AFTER: '1000000',
  PONG_SOCKET_PER_SEC: '1000000',
  PONG_SOCKET_BURST: '1000000',
  OPPONENT_EVENTS_PER_SEC: '1000000',
  CREATE_RATE_PER_MIN: '1000000',
  CREATE_RATE_BURST: '1000000',
  CHARTS: '0',
};
