import { createActor, SimulatedClock } from 'xstate';
import { mafiaMachine } from '../../machines/mafia/machine.js';
import type { GameContext, GameSettings } from '../../machines/mafia/types.js';
import type { Outgoing } from '../../src/contract/index.js';

export const settings: GameSettings = {
  minPlayers: 6,
  maxPlayers: 12,
  dayMs: 60_000,
  verdictMs: 20_000,
  nightMs: 30_000,
  maxDays: 12,
  chatHistoryMax: 500,
  quietPeriodMessages: 3,
};

/**
 * A game actor on a SimulatedClock, recording what it emits. `send(player, event)` stamps
 * `$from` and `$at` the way the runtime does.
 */
export function createGame(options: { seed?: number; players?: number; settings?: Partial<GameSettings>; snapshot?: unknown } = {}) {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const actor = createActor(mafiaMachine, {
    clock,
    input: { gameId: 'g-test', settings: { ...settings, ...options.settings } },
    ...(options.snapshot ? { snapshot: options.snapshot as never } : {}),
  });
  const emitted: Outgoing[] = [];
  actor.on('$out', (o) => emitted.push(o as unknown as Outgoing));
  actor.subscribe({ error: (e) => { throw e; } });
  actor.start();
  const send = (member: string | undefined, event: Record<string, unknown>, conn = member ? `c-${member}` : undefined) => {
    const mark = emitted.length;
    actor.send({ ...event, $from: { member, conn }, $at: clock.now() } as never);
    return emitted.slice(mark);
  };
  const ctx = () => actor.getSnapshot().context as GameContext;
  const game = {
    clock,
    actor,
    emitted,
    send,
    ctx,
    /** Advance the simulated clock in steps no larger than `step`. */
    advance(ms: number, step = 250) {
      const mark = emitted.length;
      for (let left = ms; left > 0; left -= step) clock.increment(Math.min(step, left));
      return emitted.slice(mark);
    },
    create(name = 'P1', id = 'p1') {
      return send(undefined, { type: 'CREATE_GAME', payload: { player_name: name }, player_id: id, session_token: `t-${id}`, token_hash: `h-${id}`, seed: options.seed ?? 42 }, `c-${id}`);
    },
    join(name: string, id: string) {
      return send(undefined, { type: 'JOIN_GAME', payload: { game_id: 'g-test', player_name: name }, player_id: id, session_token: `t-${id}`, token_hash: `h-${id}` }, `c-${id}`);
    },
    ids: [] as string[],
    /** Create, fill with `players` players and start; returns the ids in seating order. */
    start() {
      const n = options.players ?? 6;
      game.create();
      for (let i = 2; i <= n; i++) game.join(`P${i}`, `p${i}`);
      game.ids = Array.from({ length: n }, (_, i) => `p${i + 1}`);
      return send('p1', { type: 'START_GAME', payload: {} });
    },
    player: (id: string) => ctx().players.find((p) => p.id === id)!,
    byRole: (role: string) => ctx().players.filter((p) => p.role === role).map((p) => p.id),
    active: () => ctx().players.filter((p) => p.active).map((p) => p.id),
    state: () => actor.getSnapshot().value,
  };
  return game;
}

export const payloadsOf = (outs: Outgoing[], type: string) =>
  outs.filter((o) => o.event.type === type).map((o) => o.event.payload as any);
export const errorOf = (outs: Outgoing[]) => outs.find((o) => o.event.type === 'ERROR')?.event.payload as { code: string; message: string } | undefined;

type Game = ReturnType<typeof createGame>;

/** The same game restored from its snapshot with `change` applied to the context (to set up a rule's situation). */
export function withContext(game: Game, change: (context: GameContext) => GameContext, options: { settings?: Partial<GameSettings> } = {}): Game {
  const snapshot = JSON.parse(JSON.stringify(game.actor.getPersistedSnapshot()));
  snapshot.context = change(snapshot.context);
  game.actor.stop();
  const next = createGame({ snapshot, ...options });
  next.clock.set(game.clock.now());
  next.ids = game.ids;
  next.send(undefined, { type: '$restored' });
  return next;
}

/** Everyone eligible nominates `nominee` (the nominee nominates `other`); then every juror votes `verdict`. */
export function voteOut(game: Game, nominee: string, other: string, verdict: 'YES' | 'NO' = 'YES') {
  const outs = [];
  // Everyone answers the Pulse Check first, so an ALL_HANDS_MEETING does not bar the jurors.
  for (const id of game.active()) game.send(id, { type: 'SUBMIT_PULSE_CHECK', payload: { response: 'Fine.' } });
  for (const id of game.active()) outs.push(...game.send(id, { type: 'SUBMIT_VOTE', payload: { vote_target_id: id === nominee ? other : nominee } }));
  for (const id of game.active()) if (id !== nominee) outs.push(...game.send(id, { type: 'SUBMIT_VOTE', payload: { verdict } }));
  return outs;
}
