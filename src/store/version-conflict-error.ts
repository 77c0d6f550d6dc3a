/** A snapshot write whose expected version is no longer the stored one: another writer owns the session. */
export class VersionConflictError extends Error {
  constructor(address: string, expected: number, actual: number) {
    super(`store: ${address} is at version ${actual}, expected ${expected}`);
    this.name = 'VersionConflictError';
  }
}
