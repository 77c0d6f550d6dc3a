/**
 * `/pong/ws`: `connect` picks the session actor (`pong/<userId>` to resume, a new uuid
 * otherwise); every later message goes to that actor over the bus. While a match plays,
 * the runtime's tick takes the player's signals (input_command, calibration_sample)
 * without a transition (machines/pong/match-ticker.ts). input_command has its own 60 Hz
 * token bucket; both have their ±5 s timestamp check here, at the edge.
 */
import { randomUUID } from 'node:crypto';
import type { Connection, SocketRoute } from '../../gateway/index.js';
import { takeToken, type TokenBucket } from '../../gateway/rate-limiter.js';
import { pongCodec, type PongClientMessage } from '../../protocol/pong.js';
import type { PongConfig } from '../../config/pong.js';
import { MATCH_KIND } from '../../../machines/pong/match-machine.js';
import type { Clock } from '../../runtime/index.js';
import type { CreationGuard } from '../creation-guard.js';

interface PongConnData {
  address?: string;
  inputs?: TokenBucket;
  /** When this socket last heard RATE_LIMIT_EXCEEDED for input_command (one error per second at most). */
  inputLimitedAt?: number;
}

export function createPongRoute(cfg: PongConfig, clock: Pick<Clock, 'now'>, creations: CreationGuard): SocketRoute<PongClientMessage> {
  const stale = (timestamp: number, now: number) => Math.abs(timestamp - now) > cfg.clockSkewMs;
  const staleError = (conn: Connection, now: number) =>
    conn.sendError('VALIDATION_ERROR', `timestamp: more than ${cfg.clockSkewMs} ms away from server time ${now}`);
  return {
    path: '/pong/ws',
    codec: pongCodec,
    rateLimit: { perSec: cfg.socketPerSec, burst: cfg.socketBurst },
    message(msg, conn: Connection) {
      const data = conn.data as PongConnData;
      if (msg.type === 'connect') {
        const sessionId = msg.data?.userId?.toLowerCase() ?? randomUUID();
        const address = `${MATCH_KIND}/${sessionId}`;
        if (data.address && data.address !== address) {
          return conn.sendError('INVALID_STATE', `this socket is already connected to session ${data.address.slice(MATCH_KIND.length + 1)}; open a new socket`);
        }
        // Every connect of a socket not yet in a session may make one (an unknown userId does too).
        if (!data.address) {
          const refused = creations.refusal(conn.remoteAddress);
          if (refused) return conn.sendError(refused.reason === 'full' ? 'SERVER_FULL' : 'RATE_LIMIT_EXCEEDED', refused.message);
        }
        data.address = address;
        return { address, event: { type: 'connect', sessionId } };
      }
      const address = data.address;
      if (!address) return conn.sendError('INVALID_SESSION', 'no session on this socket: send connect first');
      switch (msg.type) {
        case 'input_command': {
          const now = clock.now();
          const bucket = (data.inputs ??= { tokens: cfg.inputBurst, last: now });
          if (!takeToken(bucket, now, cfg.inputPerSec, cfg.inputBurst)) {
            // The input is dropped; the error is said at most once a second, so a burst cannot amplify into a flood.
            if (now - (data.inputLimitedAt ?? 0) < 1000) return;
            data.inputLimitedAt = now;
            return conn.sendError('RATE_LIMIT_EXCEEDED', `input_command: at most ${cfg.inputPerSec} per second; extra inputs are dropped`);
          }
          const { direction, timestamp, rawActivation } = msg.data;
          if (stale(timestamp, now)) return staleError(conn, now);
          return { address, event: rawActivation === undefined ? { type: 'input_command', direction, timestamp } : { type: 'input_command', direction, timestamp, rawActivation } };
        }
        case 'calibration_sample': {
          const { signals, timestamp } = msg.data;
          const now = clock.now();
          if (stale(timestamp, now)) return staleError(conn, now);
          return { address, event: { type: 'calibration_sample', signals, timestamp } };
        }
        case 'disconnect':
          // The seed's "disconnect": the client is leaving; close cleanly (the actor hears $disconnect).
          return conn.close(1000, 'bye');
        default:
          return { address, event: { type: msg.type } };
      }
    },
  };
}
