import type { Sender } from '../../src/contract/index.js';
import { defineSamples } from '../machine-samples.js';
import type { MafiaEvent } from './events.js';
import { mafiaMachine } from './machine.js';
import { nightActionFor } from './roles.js';
import type { GameContext, GameSettings, PlayerRecord } from './types.js';

/**
 * A 4-seat game (p1 hosts; seats fill in order, so seed 42 deals one fixed hand with one AI)
 * with one-second phases and a two-day runway. A nomination can tie (no nominee → night) or
 * name someone; a verdict can acquit (dusk → night), deactivate an employee (exit interview
 * at night) or the AI (dusk → end); a night can convert (dawn → end), be patched (dawn → day 2)
 * or use up the runway (dawn → end). Votes and night actions are built from the snapshot:
 * every active voter names every other active player; night actions aim at a few fixed
 * targets (CONVERT at either employee or, refused, itself) to keep the exploration small.
 * An outsider, missing payloads and wrong-phase actions take the refusals.
 */
const PLAYERS = 4;
const AT = 1_000;
const SEED = 42;

const settings: GameSettings = {
  minPlayers: PLAYERS,
  maxPlayers: PLAYERS,
  dayMs: 1_000,
  verdictMs: 1_000,
  nightMs: 1_000,
  maxDays: 2,
  chatHistoryMax: 20,
  quietPeriodMessages: 3,
  hostGraceMs: 1_000,
};

const ids = Array.from({ length: PLAYERS + 1 }, (_, i) => `p${i + 1}`); // the last one never gets a seat
const sender = (id: string): Sender => ({ conn: `c-${id}`, member: id });
const stranger: Sender = { conn: 'c-x', member: 'x' };

const as = (from: Sender, event: Record<string, unknown>) => ({ ...event, $from: from, $at: AT }) as unknown as MafiaEvent;
const credentials = (id: string) => ({ player_id: id, session_token: `t-${id}`, token_hash: `h-${id}` });

const create = as({ conn: 'c-p1' }, { type: 'CREATE_GAME', payload: { player_name: 'P1' }, ...credentials('p1'), seed: SEED });
const join = (id: string) =>
  as({ conn: `c-${id}` }, { type: 'JOIN_GAME', payload: { game_id: 'g-model', player_name: id.toUpperCase() }, ...credentials(id) });
const start = (from: Sender) => as(from, { type: 'START_GAME', payload: {} });
const vote = (from: Sender, payload: Record<string, unknown>) => as(from, { type: 'SUBMIT_VOTE', payload });

/** Whatever phase: a look at the game, a stranger's vote, a player's chat and a reconnect. */
const anywhere = (context: GameContext): MafiaEvent[] => [
  as(sender('p1'), { type: 'GET_GAME' }),
  vote(stranger, { vote_target_id: 'p1' }),
  ...(context.players.length > 0 ? [as(sender('p1'), { type: 'POST_CHAT_MESSAGE', payload: { content: 'hi' } })] : []),
  as({ conn: 'c-p1b' }, { type: 'RECONNECT', payload: { game_id: 'g-model', player_id: 'p1' }, token_hash: 'h-p1' }),
  as(sender('p1'), { type: '$restored' }),
];

const nightActionsOf = (context: GameContext, actor: PlayerRecord): MafiaEvent[] => {
  const type = nightActionFor(context, actor);
  if (!type) return [as(sender(actor.id), { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'MINE', data: { target_player_id: 'p1' } } })];
  const others = context.players.filter((p) => p.active && p.id !== actor.id);
  const submit = (data: Record<string, string>) => as(sender(actor.id), { type: 'SUBMIT_NIGHT_ACTION', payload: { type, data } });
  if (type === 'REALLOCATE_BUDGET') {
    // One move is enough for the machine; a move onto the same player is refused.
    return others.length >= 2
      ? [submit({ source_player_id: others[0].id, destination_player_id: others[1].id }), submit({ source_player_id: others[0].id, destination_player_id: others[0].id })]
      : [];
  }
  // CONVERT may aim at either employee; every other action at one fixed target (PATCH on the
  // first employee, so one conversion is blocked and the other succeeds), plus a self-target.
  if (type === 'CONVERT') return [...others.filter((p) => p.alignment !== 'ROGUE_AI').map((t) => submit({ target_player_id: t.id })), submit({ target_player_id: actor.id })];
  const target = type === 'PATCH' ? context.players.find((p) => p.active && p.alignment !== 'ROGUE_AI') : others[0];
  return target ? [submit({ target_player_id: target.id })] : [];
};

export default defineSamples({
  machine: mafiaMachine,
  input: { gameId: 'g-model', settings },
  events: (snapshot) => {
    const context = snapshot.context;
    const active = context.players.filter((p) => p.active);
    const events = anywhere(context);
    if (snapshot.matches('void') || snapshot.matches('lobby')) {
      // Seats fill in one order (p2, p3, …) so there is one deal; the last join finds the lobby full.
      // The host's socket closes (and comes back with the reconnect above, or the host passes to p2).
      events.push(create, join(ids[Math.max(1, context.players.length)]), start(sender('p1')), start(sender('p2')), as(sender('p1'), { type: '$disconnect' }));
    } else if (snapshot.matches({ day: 'nomination' })) {
      for (const voter of active) {
        for (const target of active) if (target.id !== voter.id) events.push(vote(sender(voter.id), { vote_target_id: target.id }));
      }
      events.push(vote(sender('p1'), { vote_target_id: 'p1' }), vote(sender('p1'), {}));
      if (context.crisis?.crisis_id === 'ALL_HANDS_MEETING') {
        for (const player of active) events.push(as(sender(player.id), { type: 'SUBMIT_PULSE_CHECK', payload: { response: 'fine' } }));
      }
    } else if (snapshot.matches({ day: 'verdict' })) {
      for (const juror of active) events.push(vote(sender(juror.id), { verdict: 'YES' }), vote(sender(juror.id), { verdict: 'NO' }));
      events.push(vote(sender('p1'), {}));
    } else if (snapshot.matches('night')) {
      for (const actor of active) events.push(...nightActionsOf(context, actor));
      const exit = context.exitInterview;
      if (exit) {
        const target = active[0]?.id ?? 'p1';
        events.push(
          as(sender(exit.playerId), { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: target, final_status: 'gone' } }),
          as(sender(exit.playerId), { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'BURN_BRIDGES', final_status: 'gone' } }),
        );
      }
      events.push(as(sender('p1'), { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: 'p2', final_status: 'x' } }));
    } else {
      events.push(vote(sender('p1'), { vote_target_id: 'p2' }), join('p9'));
    }
    return events;
  },
  // What the guards read, phase by phase: seats and sides, the day (runway) and its crisis, then in the
  // day the votes and who may cast them (weights, afflictions, pulse checks under an ALL_HANDS_MEETING),
  // at night the actions submitted and the exit interview, and throughout what carries into the next
  // day and night (modifiers, last PATCH target, last conversion). The end keeps only its outcome.
  key: (context) => {
    const seats = context.players.map((p) => `${p.id}:${p.active ? 1 : 0}:${p.alignment ?? '-'}`);
    if (context.phase === 'END') return { winner: context.winner, reason: context.endReason };
    // In the lobby the host guards read who hosts and which sockets are connected.
    if (context.phase === 'LOBBY') return { seats, host: context.hostId, conns: context.players.map((p) => p.conn) };
    if (context.phase !== 'DAY' && context.phase !== 'NIGHT') return { seats };
    const carried = {
      seats,
      day: context.dayNumber,
      crisis: context.crisis?.crisis_id ?? null,
      nextDay: context.nextDay,
      patched: context.lastPatchTarget,
      converted: context.lastConversionNight,
    };
    if (context.phase === 'NIGHT') {
      const night = Object.entries(context.nightActions).map(
        ([id, a]) => `${id}:${a.type}:${a.data.target_player_id ?? `${a.data.source_player_id}>${a.data.destination_player_id}`}`,
      );
      const exit = context.exitInterview ? `${context.exitInterview.playerId}:${context.exitInterview.submitted ? 1 : 0}` : null;
      return { ...carried, night: night.sort(), exit };
    }
    return {
      ...carried,
      weights: context.voteWeights,
      afflicted: context.afflicted,
      pulse: context.crisis?.crisis_id === 'ALL_HANDS_MEETING' ? context.pulseChecks.map((p) => p.player_id).sort() : [],
      // During the verdict the nominations are history: only the nominee and the verdicts count.
      ...(context.subPhase === 'VERDICT' ? { nominee: context.nominee, verdicts: context.verdicts } : { nominations: context.nominations }),
    };
  },
});
