/**
 * The store's database cannot be reached right now (connection refused or lost, the
 * server shutting down, a statement over its time limit). Nothing was changed by the call
 * that failed; the same call succeeds again once the database is back. The gateway
 * answers it with 503.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
