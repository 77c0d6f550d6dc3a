/** The `/pong/ws` wire codec: `{"type","data"}` envelopes; machines emit them ready-made. */
import type { WireCodec } from '../../gateway/index.js';
import { decodePong, type PongClientMessage } from '../../protocol/pong.js';
import { PONG_ERRORS, type PongErrorCode } from '../../../machines/pong/errors.js';

export const pongCodec: WireCodec<PongClientMessage> = {
  decode: decodePong,
  encode: (event) => JSON.stringify(event),
  error: (code, message) =>
    JSON.stringify({ type: 'error', data: { code, message, recoverable: PONG_ERRORS[code as PongErrorCode]?.recoverable ?? true } }),
  codes: { validation: 'VALIDATION_ERROR', rateLimited: 'RATE_LIMIT_EXCEEDED' },
};
