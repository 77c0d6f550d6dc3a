/**
 * `/pong/ws`: `connect` picks the session actor (`pong/<userId>` to resume, a new
 * uuid otherwise); every later message goes to that actor. input_command has its own
 * 60 Hz token bucket here, before the bus (the seed's per-event limit).
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '../../bus/index.js';
import type { Connection, SocketRoute } from '../../gateway/index.js';
import { takeToken, type TokenBucket } from '../../gateway/rate-limiter.js';
import type { PongClientMessage } from '../../protocol/pong.js';
import type { PongConfig } from '../../config/pong.js';
import { MATCH_KIND } from '../../../machines/pong/match-machine.js';
import { pongCodec } from './pong-codec.js';

interface PongConnData {
  address?: string;
  inputs?: TokenBucket;
}

export function createPongRoute(cfg: PongConfig, bus: Bus): SocketRoute<PongClientMessage> {
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
        data.address = address;
        return { address, event: { type: 'connect', sessionId } };
      }
      const address = data.address;
      if (!address) return conn.sendError('INVALID_SESSION', 'no session on this socket: send connect first');
      switch (msg.type) {
        case 'input_command': {
          const bucket = (data.inputs ??= { tokens: cfg.inputBurst, last: Date.now() });
          if (!takeToken(bucket, Date.now(), cfg.inputPerSec, cfg.inputBurst)) {
            return conn.sendError('RATE_LIMIT_EXCEEDED', `input_command: at most ${cfg.inputPerSec} per second`);
          }
          const { direction, timestamp, rawActivation } = msg.data;
          return { address, event: rawActivation === undefined ? { type: 'input_command', direction, timestamp } : { type: 'input_command', direction, timestamp, rawActivation } };
        }
        case 'calibration_sample':
          return { address, event: { type: 'calibration_sample', signals: msg.data.signals, timestamp: msg.data.timestamp } };
        case 'disconnect':
          // The seed's "disconnect": the client is leaving; close cleanly (the actor hears $disconnect).
          return conn.close(1000, 'bye');
        default:
          return { address, event: { type: msg.type } };
      }
    },
  };
}
