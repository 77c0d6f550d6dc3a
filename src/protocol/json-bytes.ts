/**
 * JSON text written straight into one reused buffer, for server events sent dozens of times a
 * second per socket (pong's `game_state`): no string per frame, no string per number. The text
 * is byte for byte what JSON.stringify writes (numbers in their shortest round-trip form).
 *
 * What `done()` returns is a view of the shared buffer: valid until the next frame is written,
 * so it MUST be handed to the socket at once (uWS copies what it sends).
 */
export interface JsonBytes {
  /** Start a new frame. */
  reset(): void;
  /** Append pre-encoded ASCII (punctuation, quoted keys). */
  raw(bytes: Uint8Array): void;
  /** Append a number as JSON.stringify would write it. */
  number(x: number): void;
  /** The frame written since `reset`. */
  done(): Uint8Array;
}

/** ASCII text as bytes (the protocol module runs in browsers too: web APIs only). */
export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

export function createJsonBytes(capacity = 4096): JsonBytes {
  const buffer = new Uint8Array(capacity);
  /** One view per frame length seen: a steady stream of frames allocates none. */
  const views = new Map<number, Uint8Array>();
  let at = 0;

  /** ASCII text, rare here (numbers without a short form, `null`). */
  function text(s: string) {
    for (let i = 0; i < s.length; i++) buffer[at++] = s.charCodeAt(i);
  }

  function digits(n: number) {
    // n is a non-negative integer below 2^53: % and / by 10 are exact.
    const start = at;
    do {
      const digit = n % 10;
      buffer[at++] = 48 + digit;
      n = (n - digit) / 10;
    } while (n > 0);
    for (let i = start, j = at - 1; i < j; i++, j--) {
      const swap = buffer[i];
      buffer[i] = buffer[j];
      buffer[j] = swap;
    }
  }

  /** x as an exact decimal with at most 3 fractional digits, if it is one (most game values are rounded to those). */
  function shortDecimal(x: number): boolean {
    const negative = x < 0;
    const magnitude = negative ? -x : x;
    // Below 1e11 a 3-place decimal has at most 14 significant digits: one double, one shortest form.
    if (magnitude >= 1e11) return false;
    for (let places = 1, scale = 10; places <= 3; places++, scale *= 10) {
      const scaled = Math.round(magnitude * scale);
      // Exactly this decimal: its shortest round-trip form has these digits (no fewer places held).
      if (scaled / scale !== magnitude) continue;
      if (negative) buffer[at++] = 45;
      const fraction = scaled % scale;
      digits((scaled - fraction) / scale);
      buffer[at++] = 46;
      let rest = fraction;
      for (let unit = scale / 10; unit >= 1; unit /= 10) {
        const digit = Math.floor(rest / unit);
        buffer[at++] = 48 + digit;
        rest -= digit * unit;
      }
      return true;
    }
    return false;
  }

  return {
    reset() {
      at = 0;
    },
    raw(bytes) {
      buffer.set(bytes, at);
      at += bytes.length;
    },
    number(x) {
      if (!Number.isFinite(x)) {
        text('null');
      } else if (Number.isInteger(x) && x > -9007199254740992 && x < 9007199254740992) {
        if (x < 0) {
          buffer[at++] = 45;
          digits(-x);
        } else digits(x === 0 ? 0 : x); // -0 is written 0, as JSON.stringify does
      } else if (!shortDecimal(x)) {
        text(String(x));
      }
    },
    done() {
      let view = views.get(at);
      if (view === undefined) views.set(at, (view = buffer.subarray(0, at)));
      return view;
    },
  };
}
