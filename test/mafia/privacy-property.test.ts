import fc from 'fast-check';
import t from 'tap';
import type { Outgoing } from '../../src/contract/index.js';
import { createGame } from './harness.js';

const ACTIONS = ['CONVERT', 'SYSTEM_SHOCK', 'MINE', 'PATCH', 'REALLOCATE_BUDGET', 'FIREWALL', 'SHADOW'] as const;

/** One random step: a player (or a stranger) does something, or time passes. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
  fc.record({
    kind: fc.constant('act' as const),
    who: fc.integer({ min: 0, max: 8 }),
    target: fc.integer({ min: 0, max: 8 }),
    other: fc.integer({ min: 0, max: 8 }),
    what: fc.integer({ min: 0, max: 11 }),
    night: fc.constantFrom(...ACTIONS),
    verdict: fc.constantFrom('YES', 'NO'),
    exit: fc.constantFrom('HANDOFF', 'CONFIDENTIAL_FEEDBACK', 'BURN_BRIDGES'),
  }),
);

function check(outs: Outgoing[], game: ReturnType<typeof createGame>, sender: string | undefined, before: string): string | null {
  const ctx = game.ctx();
  const errors = outs.filter((o) => o.event.type === 'ERROR');
  if (errors.length > 0) {
    if (outs.length !== 1 || errors[0].to !== 'sender') return 'an ERROR came with other events';
    if (JSON.stringify(ctx) !== before) return `an ERROR changed the game: ${JSON.stringify(errors[0].event)}`;
  }
  for (const o of outs) {
    const payload = o.event.payload as any;
    const text = JSON.stringify(o.event);
    if (/"h-p\d"/.test(text) || /tokenHash/.test(text)) return `token material left the machine: ${o.event.type}`;
    if (o.to === 'session') {
      const listed = [payload?.player, ...(payload?.players ?? []), ...(payload?.game?.players ?? [])].filter(Boolean) as any[];
      for (const x of listed) {
        const p = ctx.players.find((q) => q.id === x.player_id);
        if (x.revealed_role && p?.active && ctx.phase !== 'END') return `${o.event.type} reveals an active player's role`;
      }
      if (o.event.type === 'ROLE_ASSIGNED' || o.event.type === 'PRIVATE_NOTIFICATION' || o.event.type === 'ALIGNMENT_CHANGED') return `${o.event.type} went to everyone`;
      if (o.event.type === 'CHAT_MESSAGE' && payload.message.channel !== 'PUBLIC') return 'AI chat went to everyone';
    } else if (o.to === 'sender') {
      if (o.event.type === 'GAME_STATE_SNAPSHOT' && payload.game_state.you.player_id !== sender) return 'a snapshot went to someone else';
      if (['ROLE_ASSIGNED', 'PRIVATE_NOTIFICATION', 'ALIGNMENT_CHANGED'].includes(o.event.type)) return `${o.event.type} went to a sender`;
    } else if ('member' in o.to) {
      const owner = ctx.players.find((p) => p.id === (o.to as { member: string }).member);
      if (!owner) return 'a private event to nobody';
      if (o.event.type === 'ROLE_ASSIGNED' && payload.your_role.role !== owner.role) return 'a role card went to the wrong player';
      if (o.event.type === 'ALIGNMENT_CHANGED' && owner.alignment !== 'ROGUE_AI') return 'ALIGNMENT_CHANGED to a non-AI player';
      if (o.event.type === 'PRIVATE_NOTIFICATION' && !owner.intel.some((i) => i.type === payload.type && i.message === payload.message)) {
        return `a notification that is not ${owner.id}'s: ${payload.type}`;
      }
      if (o.event.type === 'CHAT_MESSAGE' && owner.alignment !== 'ROGUE_AI') return 'AI chat reached an employee';
    }
  }
  return null;
}

t.test('mafia privacy property: whatever anyone sends, secrets reach only their owner and refusals change nothing', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 6, max: 9 }), fc.array(step, { minLength: 20, maxLength: 160 }), (seed, n, steps) => {
      const game = createGame({ seed, players: n });
      const dealt = check(game.start(), game, 'p1', '');
      if (dealt) throw new Error(`${dealt} (at the deal)`);
      const ids = [...game.ids, 'p-stranger'];
      const pick = (i: number) => ids[i % ids.length];
      for (const s of steps) {
        const before = JSON.stringify(game.ctx());
        if (s.kind === 'wait') {
          const problem = check(game.advance(s.ms, 5_000), game, undefined, before);
          if (problem && !problem.startsWith('an ERROR')) throw new Error(problem);
          continue;
        }
        const who = pick(s.who);
        const target = pick(s.target);
        const events = [
          { type: 'SUBMIT_VOTE', payload: { vote_target_id: target } },
          { type: 'SUBMIT_VOTE', payload: { verdict: s.verdict } },
          { type: 'SUBMIT_PULSE_CHECK', payload: { response: 'Fine.' } },
          { type: 'POST_CHAT_MESSAGE', payload: { content: 'hello' } },
          { type: 'UPDATE_STATUS', payload: { status: 'busy' } },
          { type: 'SUBMIT_NIGHT_ACTION', payload: { type: s.night, data: s.night === 'REALLOCATE_BUDGET' ? { source_player_id: target, destination_player_id: pick(s.other) } : { target_player_id: target } } },
          { type: 'SUBMIT_NIGHT_ACTION', payload: { type: s.night, data: { target_player_id: target } } },
          { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: s.exit, target_player_id: target, final_status: 'bye' } },
          { type: 'RECONNECT', payload: { game_id: 'g-test', player_id: who }, token_hash: s.other % 2 ? `h-${who}` : 'wrong' },
          { type: 'START_GAME', payload: {} },
          { type: '$disconnect' },
          { type: 'SUBMIT_VOTE', payload: { vote_target_id: who } },
        ];
        const event = events[s.what];
        const problem = check(game.send(who, event, `c-${who}-${s.other}`), game, who, before);
        if (problem) throw new Error(`${problem} (after ${event.type} by ${who})`);
      }
    }),
    { numRuns: 60, seed: 20261122 },
  );
  t.pass('no counterexample');
});
