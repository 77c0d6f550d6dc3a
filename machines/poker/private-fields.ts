import { definePrivateFields } from '../../src/contract/index.js';

/**
 * What `/charts` must never show of a poker table: the cards nobody has seen yet (each
 * player's hole cards, the deck) and the shuffle's state, from which the deck follows.
 * Cards shown at showdown go out in the session's public `SHOWDOWN` event.
 */
export const pokerPrivateFields = definePrivateFields({
  fields: ['hole', 'holeCards', 'deck', 'rng', 'token', 'resumeToken'],
});
