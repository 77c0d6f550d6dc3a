import t from 'tap';
import { syncAcrossACrash } from './library-sync-crash.js';

/** A sync killed at a game's row (see library-sync-crash.ts): before it is written, and after, before the job hears so. */

t.test('kill -9 before a sync writes the game it is on: every game and counter the client heard of is kept, each game counted once', (t) =>
  syncAcrossACrash(t, 'before:library.saveGame#40'));

t.test('kill -9 after a game row is written, before the job hears so: asked again, counted once', (t) => syncAcrossACrash(t, 'commit-after:library.saveGame#40'));
