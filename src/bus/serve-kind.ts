import type { MailboxHandler, Unsubscribe } from './types.js';

/** Register the one mailbox handler of an actor kind in a transport; serving a kind twice in one process is a bug. */
export function serveKind(servers: Map<string, MailboxHandler>, kind: string, handler: MailboxHandler): Unsubscribe {
  if (servers.has(kind)) throw new Error(`bus: kind "${kind}" is already served`);
  servers.set(kind, handler);
  return () => {
    if (servers.get(kind) === handler) servers.delete(kind);
  };
}
