import { SystemEvent, type BusEvent } from '../contract/index.js';
import type { GatewayConnection } from './connection.js';

/**
 * The control protocol on a connection's own topic (`conn/<id>`): what the runtime tells a
 * gateway about one socket, beside the frames addressed to it.
 *
 * | event | the gateway |
 * | --- | --- |
 * | `$bind` | records the socket's membership (`address` → `member`) and subscribes it to `topics` |
 * | `$unbind` | forgets the membership and unsubscribes it from `topics` |
 * | `$close` | closes the socket with `code` and `reason` |
 * | `$error` | sends the family's error frame (`code`, `message`, the `request` it answers) |
 * | anything else | encodes it with the route's codec and sends it to this socket |
 */
export function handleControl(conn: GatewayConnection, event: BusEvent): void {
  switch (event.type) {
    case SystemEvent.bind:
      return conn.bind(String(event.address), String(event.member), event.topics as string[]);
    case SystemEvent.unbind:
      return conn.unbindTopics(String(event.address), event.topics as string[]);
    case SystemEvent.close:
      return conn.close(Number(event.code), String(event.reason ?? ''));
    case SystemEvent.error:
      return conn.sendError(String(event.code), String(event.message), event.request as Record<string, unknown> | undefined);
    default:
      return conn.send(event);
  }
}
