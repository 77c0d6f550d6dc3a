import { definePrivateFields } from '../../src/contract/index.js';

/**
 * What `/charts` must never show of a pong session: the player's calibration (their
 * measured signals and the classifier fitted to them are biometric data) and the
 * random state the AI opponent plays from.
 */
export const pongPrivateFields = definePrivateFields({
  fields: ['calibration', 'calBaseline', 'calLeft', 'calRight', 'calOutcome', 'signals', 'rng'],
  events: ['calibration_sample'],
});
