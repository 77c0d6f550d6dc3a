import type { ChannelRepository } from './channel-repository.js';
import type { LibraryRepository } from './library-repository.js';
import type { PokerRepository } from './poker-repository.js';

/** An actor's stored snapshot and the version a compare-and-set write must name. */
export interface SnapshotRecord {
  version: number;
  data: unknown;
}

/** One journal entry of an address, in append order. */
export interface JournalEntry {
  seq: number;
  entry: unknown;
}

/** A snapshot written by a journal commit: compare-and-set like `putSnapshot`. */
export interface SnapshotWrite {
  address: string;
  data: unknown;
  expectedVersion: number;
  /** The writer's ownership fence (see `Store.commit`); omitted in single-process mode. */
  fence?: number;
}

/** One journal entry appended by a commit. */
export interface JournalAppend {
  address: string;
  entry: unknown;
  /** The writer's ownership fence (see `Store.commit`); omitted in single-process mode. */
  fence?: number;
}

/** What one turn of the actor host makes durable, in one transaction. */
export interface JournalBatch {
  snapshots: SnapshotWrite[];
  appends: JournalAppend[];
}

/** Per snapshot of the batch, in order: its new version, or null when another writer owns the address (nothing of that address was written). */
export interface CommitResult {
  versions: (number | null)[];
  /** Present when some address was refused for a stale fence: those addresses, once each (their snapshots are null in `versions`). */
  fenced?: string[];
}

/** What an actor is recovered from: its last snapshot and the journal entries it does not cover, oldest first. */
export interface Recovery {
  snapshot: SnapshotRecord | undefined;
  entries: JournalEntry[];
}

/**
 * The store seam: snapshots by address with compare-and-set versions, an append-only
 * journal per address, and one repository per domain whose tables the store owns (it
 * creates and migrates them when it opens). Async throughout so a networked engine
 * (PostgreSQL, JetStream KV) fits behind the same interface; every adapter passes
 * `test/store/store-conformance.ts`.
 *
 * @example
 * const store = await createSqliteStore('./data');
 * await store.channels.insertMessage(message);
 * const version = await store.putSnapshot('poker/t-1', snapshot, 0);
 */
export interface Store {
  /** The latest snapshot of an actor, or undefined when it has none. */
  getSnapshot(address: string): Promise<SnapshotRecord | undefined>;
  /**
   * Write a snapshot if the stored version still equals `expectedVersion` (0 = none yet).
   * Resolves with the new version; rejects with VersionConflictError otherwise, so two
   * processes can never both own a session. With a `fence`, rejects with FencedError when the
   * store has seen a newer one for the address (see `commit`).
   */
  putSnapshot(address: string, data: unknown, expectedVersion: number, fence?: number): Promise<number>;
  deleteSnapshot(address: string): Promise<void>;
  /** Append to an address's journal; resolves with the entry's sequence number (1, 2, … per address, never reused, also after a truncation). */
  append(address: string, entry: unknown, fence?: number): Promise<number>;
  /** The entries of an address after `afterSeq` (default: all), oldest first. */
  readJournal(address: string, afterSeq?: number): Promise<JournalEntry[]>;
  /** Drop journal entries up to and including `uptoSeq` (after a snapshot covers them). */
  truncateJournal(address: string, uptoSeq: number): Promise<void>;
  /**
   * Group commit, all or nothing: every snapshot of the batch (each one covers and truncates
   * its address's journal so far) and every append (numbered like `append`), in one
   * transaction. A snapshot whose compare-and-set fails writes nothing for its address (its
   * appends in the batch are dropped too) and is reported as null; the rest commits.
   * It is also a barrier, even empty: it resolves only once every write issued on this store
   * before it (a repository's too) is durable, so an acknowledgement the host holds behind it
   * never overtakes the domain row it announces.
   *
   * Fencing (cluster mode): a write may carry its writer's ownership fence, a token that
   * grows with every change of owner (the lease's KV revision). The store keeps the newest
   * fence it has seen per address and, inside the same transaction, refuses every write of
   * an address whose fence is older: nothing of that address is written, its snapshots are
   * null in `versions` and the address is listed in `fenced`. A write with an equal or newer
   * fence raises the mark. A write without a fence is not checked (single-process mode,
   * exactly as before fencing existed).
   */
  commit(batch: JournalBatch): Promise<CommitResult>;
  /**
   * The last snapshot of an address and the journal entries appended after it. With a
   * `fence` (a node taking an actor over), the address's fence is first raised to it, in the
   * same transaction as the reads, so no write of an older owner lands after what was read;
   * rejects with FencedError when a newer fence was seen already.
   */
  recover(address: string, fence?: number): Promise<Recovery>;
  /**
   * Repository calls made and not settled yet. Each repository runs its calls in call order
   * (a read made after a write sees it); `commit` waits for every call made before it, and
   * `close` for all of them.
   */
  callsInFlight(): number;
  /** Text + voice channels (seed 003): the channel index and message history. */
  readonly channels: ChannelRepository;
  /** Poker (seed 002): the table registry, resume tokens and where each user sat. */
  readonly poker: PokerRepository;
  /** Game libraries (seed 001): libraries, games, sync operations, assistant conversations. */
  readonly library: LibraryRepository;
  close(): Promise<void>;
}
