import t from 'tap';
import { syncAcrossACrash } from './library-sync-crash.js';

/** A sync killed at its finishing operation row (see library-sync-crash.ts). */

// The 200th operation row of a 198-game sync announcing every game: start, listing, 197 games, then the finish.
t.test("kill -9 before the finished sync's row is written: its figures are the ones the client was told", (t) => syncAcrossACrash(t, 'before:library.updateOperation#200'));
