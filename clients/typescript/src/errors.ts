/**
 * A command the server refused (the wire's error event, with its code), or one that
 * could not be answered (`TIMEOUT`, `DISCONNECTED`, `CLOSED`: codes of the SDK itself).
 */
export class ActorcadeError<Code extends string = string> extends Error {
  override readonly name = 'ActorcadeError';
  constructor(
    readonly code: Code,
    message: string,
    /** The route's error frame as the server sent it (absent for the SDK's own codes). */
    readonly frame?: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Codes the SDK itself rejects with. */
export type SdkErrorCode = 'TIMEOUT' | 'DISCONNECTED' | 'CLOSED';
