/**
 * Pong (seed 004): `/pong/ws` (calibration + the 60 Hz authoritative match) and
 * `/opponent/ws` (the adaptive AI opponent). One match actor per player session, a ticked
 * kind: the runtime's tick steps every playing match (machines/pong/match-ticker.ts).
 */
import { defineActorKind, type TickFrame } from '../../runtime/index.js';
import { createCreationGuard } from '../creation-guard.js';
import { defineSession } from '../define-session.js';
import { createAdminCheck, isLoopback } from '../../gateway/index.js';
import { pongConfig, type PongConfig } from '../../config/pong.js';
import { pongWire } from '../../protocol/pong.js';
import { opponentWire } from '../../protocol/opponent.js';
import { createMatchMachine, MATCH_KIND } from '../../../machines/pong/match-machine.js';
import { createMatchTick } from '../../../machines/pong/match-ticker.js';
import type { MatchSettings } from '../../../machines/pong/settings.js';
import { collectGarbage, createLoopStats } from './loop-stats.js';
import { createOpponentRoute } from './opponent-route.js';
import { createPongRoute } from './pong-route.js';
import { createTauntProvider } from './taunt-provider.js';
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

/** The pong session type. */
export const createPongSession = () =>
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
      const provider = createTauntProvider(cfg);
      // `/api/pong/loop` and the tick metrics read what the runtime reports after each frame.
      const stats = createLoopStats(() => performance.now());
      const requireAdmin = createAdminCheck({ auth: deps.auth, adminUsers: deps.config.adminUsers });
      let last: TickFrame = { index: 0, lateMs: 0, busyMs: 0, ticked: 0, skipped: 0 };
      const onFrame = (frame: TickFrame) => {
        last = frame;
        stats.record(frame.lateMs, frame.busyMs, frame.ticked);
        deps.metrics.tickLag.observe(frame.lateMs / 1000);
        deps.metrics.tickBudget.observe(frame.busyMs / 1000);
      };
      return {
        actors: [
          defineActorKind({
            kind: MATCH_KIND,
            machine,
            input: (id) => ({ id }),
            // A live match or a running calibration has timers in flight: keep it in memory.
            canPassivate: (snapshot) => !snapshot.matches('playing') && !snapshot.matches('calibrating'),
            // What is worth resuming is a calibrated session, a playing match included (it restores paused, mid-rally).
            shouldPersist: (snapshot) => snapshot.context.calibration !== null,
            members: (snapshot) => (snapshot.context.conn ? 1 : 0),
            tick: { ...createMatchTick(settings), onFrame },
          }),
        ],
        sockets: [createPongRoute(cfg, deps.clock, createCreationGuard(deps, { kind: MATCH_KIND, what: 'pong sessions' })), createOpponentRoute({ cfg, bus: deps.bus, clock: deps.clock, logger: deps.logger, provider })],
        http: cfg.loopStats
          ? [
              {
                method: 'get',
                path: '/api/pong/loop',
                handler: (request) => {
                  const { query } = request;
                  // Resetting the figures or forcing a GC changes the server: administrators only beyond loopback.
                  const acts = query.get('gc') === '1' || query.get('reset') === '1';
                  if (acts && !isLoopback(deps.config.host)) requireAdmin(request, '/api/pong/loop with reset or gc');
                  if (query.get('gc') === '1') collectGarbage();
                  return { status: 200, body: stats.read(last.ticked, last.skipped, query.get('reset') === '1') };
                },
              },
            ]
          : [],
      };
    },
  });

export const pongSession = createPongSession();
