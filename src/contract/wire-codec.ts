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
  /**
   * The frame's text, or its UTF-8 bytes in a buffer the codec reuses: bytes are valid only until the
   * codec encodes again, so a caller sends them at once and never keeps them.
   */
  encode(event: BusEvent): string | Uint8Array;
  error(code: string, message: string, request?: Record<string, unknown>): string;
  /** The family's codes for bad input and rate limiting. */
  codes: { validation: string; rateLimited: string };
}
