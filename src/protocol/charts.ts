import * as t from 'io-ts';
import type { BusEvent, WireCodec } from '../contract/index.js';
import { boundedString } from './common.js';
import { codecsByTag, decodeTagged, parseObject } from './decode.js';

/**
 * The live chart view's socket (`/charts/ws`, docs/charts.md): flat JSON, `type` tag.
 * Read-only: a client can only choose which actor it watches.
 */

export const ChartsErrorCode = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVER_ERROR: 'SERVER_ERROR',
} as const;
export type ChartsErrorCode = keyof typeof ChartsErrorCode;

/** Watch one actor (`<kind>/<id>`): a `snapshot` now, then `update`s as it changes. Replaces any earlier watch. */
export const ChartsWatch = t.type({ type: t.literal('watch'), address: boundedString(300, 'address') });
/** Stop watching. */
export const ChartsUnwatch = t.type({ type: t.literal('unwatch') });

const chartsClientCodecs = [ChartsWatch, ChartsUnwatch] as const;
export const ChartsClientMessage = t.union([ChartsWatch, ChartsUnwatch]);
export type ChartsClientMessage = t.TypeOf<typeof ChartsClientMessage>;

const byType = codecsByTag<(typeof chartsClientCodecs)[number]>([...chartsClientCodecs]);

export const chartsCodec: WireCodec<ChartsClientMessage> = {
  decode(text) {
    const parsed = parseObject(text);
    return parsed.ok ? decodeTagged(parsed.value, byType) : parsed;
  },
  encode: (event: BusEvent) => JSON.stringify(event),
  error: (code, message) => JSON.stringify({ type: 'error', code, message }),
  codes: { validation: ChartsErrorCode.VALIDATION_ERROR, rateLimited: ChartsErrorCode.RATE_LIMITED },
};
