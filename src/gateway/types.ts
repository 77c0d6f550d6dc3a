import type { BusEvent, WireCodec } from '../contract/index.js';

export type { WireCodec };

/** Who a socket is, as established at upgrade. */
export interface Identity {
  /** The member id messages from this socket carry (e.g. JWT `sub`). */
  member?: string;
  claims?: Record<string, unknown>;
  /** Epoch ms at which the credential expires; the route's `expired` hook runs then. */
  expiresAt?: number;
}

/** A socket as session routes see it. Gateways hold sockets and nothing else. */
export interface Connection {
  readonly id: string;
  readonly path: string;
  readonly identity: Identity;
  /** Sessions this socket has joined: address → member id there. */
  readonly bindings: ReadonlyMap<string, string>;
  /** Per-connection state owned by the route (subscription filters, resume tokens...). */
  readonly data: Record<string, unknown>;
  readonly closed: boolean;
  /** The client's address as uWS reports it at the upgrade. */
  readonly remoteAddress: string;
  /** Encode with the route's codec and send to this socket only. */
  send(event: BusEvent): void;
  /** Send a family error event to this socket. */
  sendError(code: string, message: string, request?: Record<string, unknown>): void;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /**
   * Send `event` to the actor at `address` as this socket — from its member there (or its
   * identity's), replies to this socket — exactly as a `Dispatch` returned by `message` is.
   * Never throws; an address nobody serves answers an error frame.
   */
  dispatch(address: string, event: BusEvent): void;
  /** Forget a binding without telling the actor (it already knows). */
  unbind(address: string): void;
  close(code: number, reason: string): void;
}

/** Where a decoded message goes: an actor's mailbox, or nowhere (the route answered itself). */
export type Dispatch = { address: string; event: BusEvent } | void;

export interface UpgradeRequest {
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

export interface SocketRoute<TMessage = any> {
  path: string;
  codec: WireCodec<TMessage>;
  /** Runs at upgrade, before the socket exists; throw an HttpError to refuse. */
  authenticate?(request: UpgradeRequest): Promise<Identity> | Identity;
  open?(conn: Connection): void;
  /** A decoded message: return where it goes, or answer it on `conn` and return nothing. */
  message(message: TMessage, conn: Connection): Dispatch | Promise<Dispatch>;
  close?(conn: Connection): void;
  /** The socket's credential expired while connected. Default: close with 1008. */
  expired?(conn: Connection): void;
  /** Per-route rate limit (token bucket), overriding the server default. */
  rateLimit?: { perSec: number; burst: number };
}

export interface HttpRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  /** The client's address as uWS reports it (the key of per-client limits for anonymous callers). */
  remoteAddress: string;
}

export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text body with its content type, instead of JSON. */
  text?: { contentType: string; content: string };
}

export interface HttpRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** uWS pattern, e.g. `/api/channels/:id/messages`. */
  path: string;
  handler(request: HttpRequest): Promise<HttpResponse> | HttpResponse;
}

/** An error with an HTTP status, thrown by REST handlers and authenticators. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (`Retry-After` on a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
