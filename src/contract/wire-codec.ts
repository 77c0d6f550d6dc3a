import type { BusEvent } from './message.js';

/** A frame that could not be turned into a client message. `request` holds what was readable of it. */
export interface DecodeFailure {
  message: string;
  request?: Record<string, unknown>;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: DecodeFailure };

/** The wire family of a route: decode client frames, encode server events and errors. */
export interface WireCodec<TMessage> {
  decode(text: string): Decoded<TMessage>;
  encode(event: BusEvent): string;
  error(code: string, message: string, request?: Record<string, unknown>): string;
  /** The family's codes for bad input and rate limiting. */
  codes: { validation: string; rateLimited: string };
}
