/**
 * `/opponent/ws` (flat, as the seed): each `game_event` gets one `opponent_update`
 * with the adapted difficulty, the player's metrics and a taunt. Metrics come from the
 * linked `/pong/ws` session (`?session_id=` or `session_id` in the event); the taunt from
 * the configured provider. A failing or rate-limited taunt is reported as a recoverable
 * error and the update still flows with an empty `taunt_text`.
 */
import type { Bus, BusEvent } from '../../bus/index.js';
import { HttpError, type Connection, type SocketRoute } from '../../gateway/index.js';
import type { Clock, Logger } from '../../runtime/index.js';
import { opponentCodec, type GameEvent } from '../../protocol/opponent.js';
import type { PongConfig } from '../../config/pong.js';
import { modelTarget, nextDifficulty } from '../../../machines/pong/ai-opponent.js';
import { MATCH_KIND } from '../../../machines/pong/match-machine.js';
import type { PlayerMetrics } from '../../../machines/pong/player-metrics.js';
import { ProviderError, type TauntProvider } from './taunt-provider.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Used when no live metrics exist: the model then adapts to the score alone. */
export const NEUTRAL_METRICS: PlayerMetrics = { stress: 0.5, frustration: 0.5, focus: 0.5, alertness: 0.5 };

interface OpponentConnData {
  queue?: Promise<void>;
  lastTauntAt?: number;
}

export interface OpponentDeps {
  cfg: PongConfig;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  provider: TauntProvider;
}

export function createOpponentRoute({ cfg, bus, clock, logger, provider }: OpponentDeps): SocketRoute<GameEvent> {
  async function liveMetrics(sessionId: string | undefined, conn: Connection) {
    if (!sessionId) return { metrics: NEUTRAL_METRICS, ageMs: null };
    try {
      const reply = (await bus.request(`${MATCH_KIND}/${sessionId.toLowerCase()}`, { type: '$metrics' }, { timeoutMs: 500 })) as BusEvent & {
        metrics?: PlayerMetrics;
        updatedAt?: number;
      };
      if (reply.type === '$metrics' && reply.metrics && (reply.updatedAt ?? 0) > 0) {
        return { metrics: reply.metrics, ageMs: Math.max(0, clock.now() - reply.updatedAt!) };
      }
    } catch (error) {
      logger.warn({ err: error, sessionId }, 'opponent: metrics request failed');
    }
    conn.sendError('METRICS_UNAVAILABLE', `no live metrics for session ${sessionId}; neutral metrics used`);
    return { metrics: NEUTRAL_METRICS, ageMs: null };
  }

  async function handle(msg: GameEvent, conn: Connection) {
    const started = clock.now();
    const data = conn.data as OpponentConnData;
    const { metrics, ageMs } = await liveMetrics(msg.session_id ?? (conn.identity.claims?.sessionId as string | undefined), conn);
    const previous = msg.current_difficulty;
    const target = modelTarget(metrics, msg.score);
    const final = nextDifficulty(previous, target);

    let tauntText = '';
    if (started - (data.lastTauntAt ?? -Infinity) < cfg.tauntEveryMs) {
      conn.sendError('RATE_LIMIT', `taunts are limited to one per ${cfg.tauntEveryMs} ms; difficulty updated without one`);
    } else {
      try {
        tauntText = await provider.taunt(
          { eventId: msg.event_id, event: msg.event, score: msg.score, metrics, difficulty: final, context: msg.event_context },
          AbortSignal.timeout(cfg.opponentTimeoutMs),
        );
        data.lastTauntAt = started;
      } catch (error) {
        const code = error instanceof ProviderError ? error.code : 'OPENAI_ERROR';
        if (!(error instanceof ProviderError)) logger.warn({ err: error }, 'opponent: taunt provider failed');
        conn.sendError(code, `${error instanceof Error ? error.message : 'taunt provider failed'}; taunt skipped, difficulty updated`);
      }
    }
    conn.send({
      type: 'opponent_update',
      event_id: msg.event_id,
      taunt_text: tauntText,
      difficulty: { previous, model_target: target, final },
      metrics,
      meta: { provider: provider.name, latency_ms: Math.round(clock.now() - started), metrics_age_ms: ageMs },
      timestamp_ms: clock.now(),
    });
  }

  return {
    path: '/opponent/ws',
    codec: opponentCodec,
    rateLimit: { perSec: cfg.opponentPerSec, burst: cfg.opponentPerSec * 2 },
    authenticate({ query }) {
      const sessionId = query.get('session_id') ?? undefined;
      if (sessionId !== undefined && !UUID.test(sessionId)) throw new HttpError(400, 'INVALID_EVENT', 'session_id: expected a uuid');
      return { claims: sessionId ? { sessionId } : {} };
    },
    message(msg, conn) {
      const data = conn.data as OpponentConnData;
      // One event at a time per socket, so updates come back in the order events were sent.
      data.queue = (data.queue ?? Promise.resolve()).then(() =>
        handle(msg, conn).catch((error) => {
          logger.error({ err: error }, 'opponent: event handling failed');
          conn.sendError('INVALID_EVENT', 'the event could not be handled');
        }),
      );
    },
  };
}
