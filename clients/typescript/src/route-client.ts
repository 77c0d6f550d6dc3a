import type * as t from 'io-ts';
import { Emitter } from './emitter.js';
import { ActorcadeError } from './errors.js';
import { codecsByTag, decodeTagged } from './protocol.js';

/** Any WebSocket constructor of the standard shape: the browser's, Node 20's global (flagged), or `ws`. */
export type WebSocketConstructor = new (url: string) => object;

interface Socket {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ReconnectOptions {
  /** First delay after a drop (default 250 ms); each failed attempt multiplies it by `factor`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
}

export interface ClientOptions {
  /** The WebSocket constructor (default `globalThis.WebSocket`; in Node pass `ws`'s). */
  WebSocket?: WebSocketConstructor;
  /**
   * Check every incoming frame against the server's codec (an `invalid` event instead of a
   * bad frame). Default: on, except when `NODE_ENV` is `production`.
   */
  validate?: boolean;
  /** `false` turns reconnecting off. */
  reconnect?: ReconnectOptions | false;
  /** How long a command waits for its answer (default 10 s) before rejecting with `TIMEOUT`. */
  requestTimeoutMs?: number;
}

/** Events of the client itself, beside the route's own. */
export interface ClientEvents<Frame> {
  /** Every valid frame, in arrival order. */
  frame: Frame;
  /** The socket dropped; `willReconnect` says whether the client tries again. */
  disconnected: { code: number; reason: string; willReconnect: boolean };
  /** A new socket is open, the session resumed and resynchronised (its snapshot events were emitted). */
  reconnected: { attempts: number };
  /** The client is closed for good (by `close()`, a final close code, or after `maxAttempts`). */
  closed: { code: number; reason: string };
  /** A frame that failed validation (development mode); it is not emitted as an event. */
  invalid: { frame: unknown; message: string };
}

type Tagged = { type: string };
/** The route's events by name, plus the client's own. */
export type EventsOf<Frame extends Tagged> = { [K in Frame['type']]: Extract<Frame, { type: K }> } & ClientEvents<Frame>;

/** What the server said about a refused frame. */
export interface WireError {
  code: string;
  message: string;
  /** The `id` / `cmdId` the error answers, when the route echoes one. */
  correlation?: string;
}

/** How a pending command is answered. */
export interface Expect<Frame, R> {
  /** The answer, if `frame` is it. */
  match(frame: Frame): R | undefined;
  /** The correlation id errors to this command carry (`id`, `cmdId`). */
  correlation?: string;
}

interface Pending {
  settle(frame: Tagged): boolean;
  refuse(error: WireError, frame: Tagged): void;
  fail(error: ActorcadeError): void;
  correlation?: string;
}

/** What one route needs to say; the client does the rest. */
export interface RouteSpec {
  route: string;
  serverCodecs: readonly t.Mixed[];
  /**
   * Whether errors carry no correlation id: then commands are sent one at a time, and an
   * error that is not a warning refuses the command in flight.
   */
  serial: boolean;
  /** Error codes that are notices, never a refusal (e.g. a skipped taunt). */
  warnings?: readonly string[];
  /** Close codes after which reconnecting would be wrong (e.g. replaced by a newer connection). */
  finalCloseCodes?: readonly number[];
}

const defaultValidate = () =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV !== 'production';

/**
 * One connection to one route: open, validate, dispatch typed events, correlate answers,
 * reconnect with backoff and resume. Each route's client extends it with its commands and
 * says how to authenticate (`url`), recognise errors (`errorOf`) and resume (`resume`).
 */
export abstract class RouteClient<Frame extends Tagged> extends Emitter<EventsOf<Frame>> {
  readonly #spec: RouteSpec;
  readonly #codecs: ReadonlyMap<string, t.Mixed>;
  readonly #WebSocket: WebSocketConstructor;
  readonly #validate: boolean;
  readonly #reconnect: Required<ReconnectOptions> | false;
  protected readonly requestTimeoutMs: number;
  #socket: Socket | undefined;
  #pending: Pending[] = [];
  #serialTail: Promise<unknown> = Promise.resolve();
  #ready!: Promise<void>;
  #markReady!: () => void;
  #failReady!: (error: ActorcadeError) => void;
  #closed = false;
  /** Frames of the current socket until its session is ready (for `expectFrame`). */
  #sinceOpen: Frame[] = [];
  #buffering = false;
  #finished = false;
  #attempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  protected constructor(spec: RouteSpec, options: ClientOptions = {}) {
    super();
    this.#spec = spec;
    this.#codecs = codecsByTag([...spec.serverCodecs]);
    const ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!ctor) throw new Error('actorcade-client: no WebSocket here; pass { WebSocket } (in Node: the `ws` package)');
    this.#WebSocket = ctor;
    this.#validate = options.validate ?? defaultValidate();
    this.#reconnect = options.reconnect === false ? false : { initialDelayMs: 250, maxDelayMs: 10_000, factor: 2, maxAttempts: Infinity, ...options.reconnect };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#resetReady();
  }

  /** The socket URL for the next connection attempt (auth, resume token). */
  protected abstract url(): string | Promise<string>;
  /** The wire error in `frame`, if it is the route's error event. */
  protected abstract errorOf(frame: Frame): WireError | undefined;
  /**
   * After a socket opened: authenticate / resume and wait for the resynchronising
   * snapshot. `reconnect` is false for the first connection.
   */
  protected abstract resume(reconnect: boolean): Promise<void>;

  /** The current socket (tests close it to simulate a network drop). */
  get socket(): { close(code?: number, reason?: string): void; readonly readyState: number } | undefined {
    return this.#socket;
  }

  /** Open the first connection; resolves once the route's session is established. */
  protected async open(): Promise<void> {
    await this.#connectSocket();
    try {
      await this.resume(false);
    } catch (error) {
      this.#closed = true;
      this.#socket?.close(1000, 'session not established');
      throw error;
    }
    this.#ready_();
  }

  /** Close for good: no reconnect; pending commands reject with `CLOSED`. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#failAll(new ActorcadeError('CLOSED', 'the client was closed'));
    this.#failReady(new ActorcadeError('CLOSED', 'the client was closed'));
    if (!socket || socket.readyState !== 1) {
      // Between attempts, or still connecting: nothing to close politely.
      socket?.close(1000, 'closed by the client');
      this.#finish(1000, 'closed by the client');
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.once('closed', () => resolve());
      socket.close(1000, 'closed by the client');
    });
  }

  /** The next event `type` (matching `where`), or a `TIMEOUT` rejection. Only events still to come. */
  next<K extends keyof EventsOf<Frame> & string>(
    type: K,
    where: (event: EventsOf<Frame>[K]) => boolean = () => true,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<EventsOf<Frame>[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new ActorcadeError('TIMEOUT', `no ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(type, (event) => {
        if (!where(event)) return;
        off();
        clearTimeout(timer);
        resolve(event);
      });
    });
  }

  /**
   * During `resume`: the first frame on the current socket matching `where`, also one that
   * arrived before this was called (a server may speak first, in the same packet as the upgrade).
   */
  protected expectFrame<R>(where: (frame: Frame) => R | undefined, what: string, timeoutMs = this.requestTimeoutMs): Promise<R> {
    for (const frame of this.#sinceOpen) {
      const found = where(frame);
      if (found !== undefined) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new ActorcadeError('TIMEOUT', `${this.#spec.route}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('frame', (frame) => {
        const found = where(frame as Frame);
        if (found === undefined) return;
        off();
        clearTimeout(timer);
        resolve(found);
      });
    });
  }

  /** Send a frame once the session is established (during a reconnect: once it resumed). */
  protected async send(frame: Record<string, unknown>): Promise<void> {
    await this.#ready;
    this.sendNow(frame);
  }

  /** Send on the current socket now (resume steps, before the session is ready). */
  protected sendNow(frame: Record<string, unknown>): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== 1) throw new ActorcadeError('DISCONNECTED', `${this.#spec.route}: not connected`);
    socket.send(JSON.stringify(frame));
  }

  /**
   * Send `frame` and resolve with its answer, reject with the route's error (its code) or
   * `TIMEOUT` / `DISCONNECTED` / `CLOSED`. On routes without correlation ids commands go
   * one at a time, so an error can only answer the one in flight.
   */
  protected request<R>(frame: Record<string, unknown>, expect: Expect<Frame, R>, { immediate = false } = {}): Promise<R> {
    const run = async () => {
      if (!immediate) await this.#ready;
      return this.#inFlight(frame, expect);
    };
    // Resume steps skip the queue: a queued command waits for the session they re-establish.
    if (!this.#spec.serial || immediate) return run();
    const result = this.#serialTail.then(run, run);
    this.#serialTail = result.catch(() => undefined);
    return result;
  }

  #inFlight<R>(frame: Record<string, unknown>, expect: Expect<Frame, R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#pending = this.#pending.filter((p) => p !== pending);
      };
      const pending: Pending = {
        correlation: expect.correlation,
        settle: (incoming) => {
          const answer = expect.match(incoming as Frame);
          if (answer === undefined) return false;
          done();
          resolve(answer);
          return true;
        },
        refuse: (error, incoming) => {
          done();
          reject(new ActorcadeError(error.code, error.message, incoming));
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => pending.fail(new ActorcadeError('TIMEOUT', `${String(frame.type)}: no answer within ${this.requestTimeoutMs} ms`)),
        this.requestTimeoutMs,
      );
      this.#pending.push(pending);
      try {
        this.sendNow(frame);
      } catch (error) {
        pending.fail(error as ActorcadeError);
      }
    });
  }

  #ready_() {
    this.#buffering = false;
    this.#sinceOpen = [];
    this.#markReady();
  }

  #resetReady() {
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#markReady = resolve;
      this.#failReady = reject;
    });
    // Nobody may be waiting: a rejection then is not an unhandled one.
    this.#ready.catch(() => undefined);
  }

  #connectSocket(): Promise<void> {
    return Promise.resolve(this.url()).then(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const socket = new this.#WebSocket(url) as Socket;
          this.#socket = socket;
          this.#sinceOpen = [];
          this.#buffering = true;
          let opened = false;
          socket.onopen = () => {
            opened = true;
            resolve();
          };
          socket.onerror = () => {
            // The close that follows says what happened.
          };
          socket.onmessage = (ev) => this.#onMessage(ev.data);
          socket.onclose = (ev) => {
            if (this.#socket !== socket) return;
            this.#socket = undefined;
            if (!opened) reject(new ActorcadeError('DISCONNECTED', `${this.#spec.route}: connection refused (${ev.code})`));
            else this.#onClose(ev.code, ev.reason);
          };
        }),
    );
  }

  #onMessage(data: unknown) {
    if (typeof data !== 'string') {
      this.#meta('invalid', { frame: data, message: 'binary frame where text was expected' });
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      this.#meta('invalid', { frame: data, message: 'frame is not valid JSON' });
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof (frame as Tagged).type !== 'string') {
      this.#meta('invalid', { frame, message: 'frame is not an object with a string `type`' });
      return;
    }
    if (this.#validate) {
      const decoded = decodeTagged(frame as Record<string, unknown>, this.#codecs);
      if (!decoded.ok) {
        this.#meta('invalid', { frame, message: decoded.error.message });
        return;
      }
    }
    const typed = frame as Frame;
    if (this.#buffering) this.#sinceOpen.push(typed);
    this.#settle(typed);
    this.#meta('frame', typed);
    this.emit(typed.type as Frame['type'], typed as never);
  }

  #settle(frame: Frame) {
    const error = this.errorOf(frame);
    if (error) {
      if (this.#spec.warnings?.includes(error.code)) return;
      const target =
        error.correlation !== undefined
          ? this.#pending.find((p) => p.correlation === error.correlation)
          : this.#spec.serial
            ? this.#pending[0]
            : undefined;
      target?.refuse(error, frame);
      return;
    }
    for (const pending of [...this.#pending]) if (pending.settle(frame)) return;
  }

  /** Emit one of the client's own events (the route's own names never collide with them). */
  #meta<K extends keyof ClientEvents<Frame>>(type: K, event: ClientEvents<Frame>[K]) {
    this.emit(type as never, event as never);
  }

  #failAll(error: ActorcadeError) {
    for (const pending of [...this.#pending]) pending.fail(error);
  }

  #onClose(code: number, reason: string) {
    this.#resetReady();
    this.#failAll(new ActorcadeError('DISCONNECTED', `${this.#spec.route}: connection lost (${code})`));
    const final = this.#closed || this.#reconnect === false || (this.#spec.finalCloseCodes ?? []).includes(code);
    this.#meta('disconnected', { code, reason, willReconnect: !final });
    if (final) return this.#finish(code, reason);
    this.#scheduleRetry();
  }

  #finish(code: number, reason: string) {
    if (this.#finished) return;
    this.#finished = true;
    this.#closed = true;
    this.#failReady(new ActorcadeError('CLOSED', `${this.#spec.route}: closed (${code} ${reason})`));
    this.#meta('closed', { code, reason });
  }

  #scheduleRetry() {
    const policy = this.#reconnect as Required<ReconnectOptions>;
    if (this.#attempts >= policy.maxAttempts) return this.#finish(1006, `gave up after ${this.#attempts} attempts`);
    const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** this.#attempts);
    // Jitter spreads the clients of one restarted server over the delay.
    const delay = base / 2 + Math.random() * (base / 2);
    this.#attempts++;
    this.#retryTimer = setTimeout(() => void this.#retry(), delay);
  }

  async #retry() {
    if (this.#closed) return;
    try {
      await this.#connectSocket();
      await this.resume(true);
    } catch (error) {
      if (this.#closed) return;
      // The server refused to resume (a wrong token): trying again would not help.
      if (error instanceof ActorcadeError && error.frame !== undefined) {
        this.#socket?.close(1000, 'resume refused');
        return this.#finish(4001, error.message);
      }
      // Opened but not resumed in time: closing it retries (through its close).
      if (this.#socket) return this.#socket.close(1000, 'resume timed out');
      return this.#scheduleRetry();
    }
    const attempts = this.#attempts;
    this.#attempts = 0;
    this.#ready_();
    this.#meta('reconnected', { attempts });
  }
}
