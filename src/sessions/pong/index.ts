/**
 * Pong (seed 004): `/pong/ws` (calibration + the 60 Hz authoritative match) and
 * `/opponent/ws` (the adaptive AI opponent). One match actor per player session, one
 * loop for all matches.
 */
import { defineActorKind } from '../../runtime/index.js';
import { defineSession } from '../define-session.js';
import { pongConfig, type PongConfig } from '../../config/pong.js';
import { opponentWire, pongWire } from '../../protocol/pong.js';
import { createMatchMachine, MATCH_KIND } from '../../../machines/pong/match-machine.js';
import type { MatchSettings } from '../../../machines/pong/settings.js';
import { createMatchLoop } from './match-loop.js';
import { collectGarbage } from './loop-stats.js';
import { createOpponentRoute } from './opponent-route.js';
import { createPongRoute } from './pong-route.js';
import { createTauntProvider } from './taunt-provider.js';
import type { FrameTimers } from './frame-scheduler.js';
import { pongPrivateFields } from '../../../machines/pong/private-fields.js';

export function matchSettingsFrom(cfg: PongConfig): MatchSettings {
  const tick = 1000 / cfg.tickHz;
  return {
    tickHz: cfg.tickHz,
    targetScore: cfg.targetScore,
    serveDelayTicks: Math.max(1, Math.round(cfg.serveDelayMs / tick)),
    thonkTimeoutMs: cfg.thonkTimeoutMs,
    clockSkewMs: cfg.clockSkewMs,
    baselineMs: cfg.baselineMs,
    trialMs: cfg.trialMs,
    trialsPerSide: cfg.trialsPerSide,
    minQuality: cfg.minQuality,
    maxAttempts: cfg.maxAttempts,
    minSamples: cfg.minSamples,
    startCalibrationEveryMs: cfg.startCalibrationEveryMs,
    startGameEveryMs: cfg.startGameEveryMs,
    tauntEveryMs: cfg.tauntEveryMs,
    longRallyHits: cfg.longRallyHits,
    nearMissPx: cfg.nearMissPx,
    stressSpike: cfg.stressSpike,
    calmLevel: cfg.calmLevel,
    calmStreakTicks: Math.max(1, Math.round(cfg.calmStreakMs / tick)),
    heatDecayPerTick: Math.exp(-1 / cfg.tickHz / 20),
    startDifficulty: cfg.startDifficulty,
  };
}

/** The pong session type. `timers` lets tests drive the loop with a simulated clock. */
export const createPongSession = (options: { timers?: FrameTimers } = {}) =>
  defineSession({
    name: 'pong',
    config: pongConfig,
    machines: (cfg) => ({ [MATCH_KIND]: createMatchMachine(matchSettingsFrom(cfg)) }),
    privateFields: { [MATCH_KIND]: pongPrivateFields },
    wire: [pongWire, opponentWire],
    create: (deps) => {
      const cfg = deps.config.pong;
      const settings = matchSettingsFrom(cfg);
      const machine = deps.machines[MATCH_KIND];
      const loop = createMatchLoop({ bus: deps.bus, metrics: deps.metrics, settings, clock: deps.clock, timers: options.timers });
      const provider = createTauntProvider(cfg);
      return {
        actors: [
          defineActorKind({
            kind: MATCH_KIND,
            machine,
            input: (id) => ({ id }),
            // A live match or a running calibration has timers in flight: keep it in memory.
            canPassivate: (snapshot) => !snapshot.matches('playing') && !snapshot.matches('calibrating'),
            // What is worth resuming is the calibration; a match in flight is not snapshotted every few seconds.
            shouldPersist: (snapshot) => snapshot.context.calibration !== null && !snapshot.matches('playing'),
            members: (snapshot) => (snapshot.context.conn ? 1 : 0),
          }),
        ],
        sockets: [createPongRoute(cfg, loop, deps.clock), createOpponentRoute({ cfg, bus: deps.bus, clock: deps.clock, logger: deps.logger, provider })],
        http: cfg.loopStats
          ? [
              {
                method: 'get',
                path: '/api/pong/loop',
                handler: ({ query }) => {
                  if (query.get('gc') === '1') collectGarbage();
                  return { status: 200, body: loop.stats(query.get('reset') === '1') };
                },
              },
            ]
          : [],
        start: () => loop.attach(),
        stop: () => loop.detach(),
      };
    },
  });

export const pongSession = createPongSession();
