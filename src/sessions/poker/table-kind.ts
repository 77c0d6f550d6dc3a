import { createHash, randomBytes } from 'node:crypto';
import { rngFromBytes } from '../../../machines/poker/rng.js';
import type { TableContext, TablePolicy } from '../../../machines/poker/table-state.js';
import { tableMachine, type TableSummary } from '../../../machines/poker/table-machine.js';
import { defineActorKind } from '../../runtime/index.js';

/**
 * The `poker/<tableId>` actor kind. A new table's deck key comes from the OS CSPRNG, or
 * from `fixedSeed` (tests only) hashed with the table id. Every table gets the server's `policy`;
 * `announce` publishes its lobby summary when it changes (the registry answers `GET /api/tables` from it).
 */
export function createTableKind(fixedSeed: string | undefined, policy: TablePolicy, announce: (table: TableSummary) => void) {
  const key = (tableId: string) =>
    fixedSeed ? new Uint8Array(createHash('sha256').update(`${fixedSeed}:${tableId}`).digest()) : new Uint8Array(randomBytes(32));
  const ctx = (snapshot: unknown) => (snapshot as { context: TableContext }).context;
  return defineActorKind({
    kind: 'poker',
    machine: tableMachine.provide({ actions: { announceSummary: (_, { table }) => announce(table) } }),
    input: (tableId: string) => ({ tableId, rng: rngFromBytes(key(tableId)), policy }),
    // Never-created tables (a stray id) are not stored; a table with players stays live (its timers run).
    shouldPersist: (snapshot) => ctx(snapshot).phase !== 'uncreated',
    canPassivate: (snapshot) => ctx(snapshot).seats.every((s) => s === null) && ctx(snapshot).hand === null,
    members: (snapshot) => ctx(snapshot).seats.filter((s) => s !== null).length,
  });
}
