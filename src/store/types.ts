/**
 * The store seam: snapshots by address with compare-and-set versions, an
 * append-only journal per address, and domain tables behind repositories.
 * Async throughout so a networked engine (JetStream KV, a server database) fits.
 */
export interface SnapshotRecord {
  version: number;
  data: unknown;
}

export class VersionConflictError extends Error {
  constructor(address: string, expected: number, actual: number) {
    super(`store: ${address} is at version ${actual}, expected ${expected}`);
    this.name = 'VersionConflictError';
  }
}

export interface JournalEntry {
  seq: number;
  entry: unknown;
}

export interface Store {
  /** The latest snapshot of an actor, or undefined when it has none. */
  getSnapshot(address: string): Promise<SnapshotRecord | undefined>;
  /**
   * Write a snapshot if the stored version still equals `expectedVersion` (0 = none yet).
   * Resolves with the new version; rejects with VersionConflictError otherwise, so two
   * processes can never both own a session.
   */
  putSnapshot(address: string, data: unknown, expectedVersion: number): Promise<number>;
  deleteSnapshot(address: string): Promise<void>;
  /** Append to an address's journal; resolves with the entry's sequence number. */
  append(address: string, entry: unknown): Promise<number>;
  readJournal(address: string, afterSeq?: number): Promise<JournalEntry[]>;
  /** Drop journal entries up to and including `uptoSeq` (after a snapshot covers them). */
  truncateJournal(address: string, uptoSeq: number): Promise<void>;
  /** Apply a domain's schema migrations in order, once each. */
  migrate(domain: string, steps: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
