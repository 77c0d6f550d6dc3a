/**
 * Every error code of the library family (seed 001) in one place: the socket's `error`,
 * `ai_error`, `sync_failed` and `connection_error` events, and the REST `{error: {code}}` bodies.
 * docs/library.md lists each one; a test checks that it does.
 */
export const LibraryErrorCode = {
  /** A frame that is not JSON, not an object, of unknown type or with a bad field. */
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  /** Over the socket's message budget (see `rate_limit_warning`). */
  RATE_LIMIT_EXCEEDED: 'RATE_LIMIT_EXCEEDED',
  /** REST 503: the server holds its maximum of live syncs (MAX_LIVE_SESSIONS). */
  SERVER_FULL: 'SERVER_FULL',
  /** The token expired while connected (`connection_error`). */
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NOT_FOUND: 'NOT_FOUND',
  /** A sync of this library is already running. */
  SYNC_IN_PROGRESS: 'SYNC_IN_PROGRESS',
  /** The operation already finished and cannot be cancelled. */
  OPERATION_FINISHED: 'OPERATION_FINISHED',
  /** Maintenance mode: new syncs and chat are paused. */
  MAINTENANCE_MODE: 'MAINTENANCE_MODE',
  /** `sync_failed`: the platform answered with an error (5xx, timeouts) after retries. */
  PLATFORM_API_ERROR: 'PLATFORM_API_ERROR',
  /** `sync_failed`: the platform refused the credentials (401/403) or the profile is private. */
  PLATFORM_AUTH_ERROR: 'PLATFORM_AUTH_ERROR',
  /** `sync_failed`: the platform's rate limit lasts longer than the server will wait. */
  PLATFORM_RATE_LIMITED: 'PLATFORM_RATE_LIMITED',
  /** `sync_failed` with `status: "cancelled"`. */
  SYNC_CANCELLED: 'SYNC_CANCELLED',
  /** `sync_failed`: the platform is not configured (e.g. no STEAM_API_KEY). */
  PLATFORM_NOT_CONFIGURED: 'PLATFORM_NOT_CONFIGURED',
  /** `ai_error`: a tool (store query) failed. */
  TOOL_EXECUTION_FAILED: 'TOOL_EXECUTION_FAILED',
  /** `ai_error`: the conversation is still answering the previous message. */
  CONVERSATION_BUSY: 'CONVERSATION_BUSY',
  /** `ai_error`: the assistant did not finish in time. */
  AI_TIMEOUT: 'AI_TIMEOUT',
  /** `ai_error`: the remote model provider failed or refused. */
  AI_PROVIDER_ERROR: 'AI_PROVIDER_ERROR',
  SERVER_ERROR: 'SERVER_ERROR',
} as const;
export type LibraryErrorCode = keyof typeof LibraryErrorCode;
