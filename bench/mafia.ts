/**
 * `npm run bench -- mafia [--games N]`: a balance simulation of the mafia ruleset. Scripted
 * players drive the real game machine on a simulated clock (no sockets), and the table shows
 * how often each faction wins, by player count and by how well the employees play.
 *
 * Employees agree in chat on one suspect a day and convict only that suspect. "Naive" ones
 * pick the suspect at random (the classic random-lynch baseline); "informed" ones follow the
 * Data Miner's public claims, never suspect a cleared player, and IT Security patches the
 * miner. The AI always coordinates: one employee target for the vote, CONVERT on a random
 * employee, SYSTEM_SHOCK otherwise.
 */
import { createActor, SimulatedClock } from 'xstate';
import { mafiaMachine } from '../machines/mafia/machine.js';
import { nextInt, nextRandom } from '../machines/mafia/rng.js';
import type { GameContext } from '../machines/mafia/types.js';
import type { Outgoing } from '../src/contract/index.js';

const games = Number(process.argv[process.argv.indexOf('--games') + 1]) || 200;

interface Result {
  winner: string;
  days: number;
}

function play(players: number, informed: boolean, seed: number): Result {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const actor = createActor(mafiaMachine, {
    clock,
    input: {
      gameId: 'sim',
      settings: { minPlayers: 6, maxPlayers: 12, dayMs: 60_000, verdictMs: 20_000, nightMs: 30_000, maxDays: 12, chatHistoryMax: 100, quietPeriodMessages: 3 },
    },
  });
  const inbox: Outgoing[] = [];
  actor.on('$out', (o) => inbox.push(o as unknown as Outgoing));
  actor.start();
  let rng = seed * 7919 + 17;
  const random = () => {
    const [v, next] = nextRandom(rng);
    rng = next;
    return v;
  };
  const pickFrom = <T>(items: T[]): T | undefined => {
    if (items.length === 0) return undefined;
    const [i, next] = nextInt(rng, items.length);
    rng = next;
    return items[i];
  };
  const send = (member: string | undefined, event: Record<string, unknown>) =>
    actor.send({ ...event, $from: { member, conn: member ? `c-${member}` : 'c-x' }, $at: clock.now() } as never);
  const ctx = () => actor.getSnapshot().context as GameContext;

  const ids = Array.from({ length: players }, (_, i) => `p${i}`);
  send(undefined, { type: 'CREATE_GAME', payload: { player_name: 'p0' }, player_id: 'p0', session_token: 't', token_hash: 'h0', seed });
  for (const id of ids.slice(1)) send(undefined, { type: 'JOIN_GAME', payload: { game_id: 'sim', player_name: id }, player_id: id, session_token: 't', token_hash: `h-${id}` });
  send('p0', { type: 'START_GAME', payload: {} });

  /** What the employees know in public: the miner's claims (only while the miner is an honest employee). */
  const claimedAi = new Set<string>();
  const claimedClean = new Set<string>();
  let guard = 0;
  let suspect: string | undefined;
  while (ctx().phase !== 'END' && guard++ < 200) {
    const c = ctx();
    const active = c.players.filter((p) => p.active);
    const ai = active.filter((p) => p.alignment === 'ROGUE_AI');
    const employees = active.filter((p) => p.alignment === 'EMPLOYEES');
    if (c.phase === 'DAY' && c.subPhase === 'NOMINATION') {
      for (const p of active) send(p.id, { type: 'SUBMIT_PULSE_CHECK', payload: { response: 'Fine.' } });
      const aiTarget = pickFrom(employees.filter((e) => !claimedAi.has(e.id)))?.id;
      const knownAi = informed ? active.find((p) => claimedAi.has(p.id))?.id : undefined;
      // The office agrees on one suspect in chat: a known AI, or a random uncleared player.
      suspect = knownAi ?? pickFrom(active.filter((q) => !(informed && claimedClean.has(q.id))).map((q) => q.id));
      for (const p of active) {
        let target: string | undefined;
        if (p.alignment === 'ROGUE_AI') target = aiTarget;
        else target = suspect !== p.id ? suspect : pickFrom(active.filter((q) => q.id !== p.id).map((q) => q.id));
        if (target && target !== p.id) send(p.id, { type: 'SUBMIT_VOTE', payload: { vote_target_id: target } });
      }
      if (ctx().subPhase === 'NOMINATION') clock.increment(60_000);
    } else if (c.phase === 'DAY' && c.subPhase === 'VERDICT') {
      const nominee = c.players.find((p) => p.id === c.nominee)!;
      for (const p of active) {
        if (p.id === nominee.id) continue;
        let verdict: 'YES' | 'NO';
        if (p.alignment === 'ROGUE_AI') verdict = nominee.alignment === 'ROGUE_AI' ? 'NO' : 'YES';
        else if (informed && claimedAi.has(nominee.id)) verdict = 'YES';
        else if (informed && claimedClean.has(nominee.id)) verdict = 'NO';
        else verdict = nominee.id === suspect ? 'YES' : 'NO';
        send(p.id, { type: 'SUBMIT_VOTE', payload: { verdict } });
      }
      if (ctx().subPhase === 'VERDICT') clock.increment(20_000);
    } else if (c.phase === 'NIGHT') {
      const miner = active.find((p) => p.role === 'MINER' && p.alignment === 'EMPLOYEES');
      const mark = inbox.length;
      for (const p of active) {
        const others = active.filter((q) => q.id !== p.id);
        const action = c.players.find((x) => x.id === p.id)!;
        const type = p.alignment === 'ROGUE_AI' ? undefined : action.role;
        let payload: Record<string, unknown> | undefined;
        if (p.alignment === 'ROGUE_AI') {
          const target = pickFrom(employees.map((e) => e.id));
          // Whoever holds CONVERT converts; the others shock. The machine rejects the wrong one.
          if (target) {
            send(p.id, { type: 'SUBMIT_NIGHT_ACTION', payload: { type: 'CONVERT', data: { target_player_id: target } } });
            payload = { type: 'SYSTEM_SHOCK', data: { target_player_id: target } };
          }
        } else if (type === 'MINER') payload = { type: 'MINE', data: { target_player_id: pickFrom(others.filter((o) => !claimedAi.has(o.id) && !claimedClean.has(o.id)).map((o) => o.id)) ?? others[0].id } };
        else if (type === 'IT_SECURITY') {
          const want = informed && miner && miner.id !== c.lastPatchTarget ? miner.id : pickFrom(active.filter((o) => o.id !== c.lastPatchTarget).map((o) => o.id));
          payload = { type: 'PATCH', data: { target_player_id: want } };
        } else if (type === 'FINANCE_DIRECTOR') {
          const source = informed ? active.find((o) => claimedAi.has(o.id))?.id : undefined;
          if (source) payload = { type: 'REALLOCATE_BUDGET', data: { source_player_id: source, destination_player_id: p.id } };
          else payload = { type: 'REALLOCATE_BUDGET', data: { source_player_id: pickFrom(others.map((o) => o.id)), destination_player_id: p.id } };
        } else if (type === 'COMPLIANCE_OFFICER') {
          const suspect = (informed ? others.find((o) => claimedAi.has(o.id)) : undefined) ?? pickFrom(others.filter((o) => !claimedClean.has(o.id)));
          payload = { type: 'FIREWALL', data: { target_player_id: suspect?.id ?? others[0].id } };
        } else if (type === 'INTERN') payload = { type: 'SHADOW', data: { target_player_id: pickFrom(others.map((o) => o.id)) } };
        if (payload) send(p.id, { type: 'SUBMIT_NIGHT_ACTION', payload });
      }
      const exit = c.exitInterview;
      if (exit && !exit.submitted) {
        const heir = pickFrom(employees.map((e) => e.id)) ?? active[0].id;
        send(exit.playerId, { type: 'SUBMIT_EXIT_INTERVIEW', payload: { action: 'HANDOFF', target_player_id: heir, final_status: 'bye' } });
      }
      if (ctx().phase === 'NIGHT') clock.increment(30_000);
      // The honest miner publishes its result the next morning.
      for (const o of inbox.slice(mark)) {
        const p = o.event.payload as { type?: string; data?: { target_player_id: string; alignment: string } };
        if (p?.type !== 'MINE_RESULT') continue;
        const still = ctx().players.find((x) => x.id === (o.to as { member: string }).member)!;
        if (still.alignment !== 'EMPLOYEES') continue;
        (p.data!.alignment === 'ROGUE_AI' ? claimedAi : claimedClean).add(p.data!.target_player_id);
      }
    } else {
      clock.increment(1_000);
    }
  }
  actor.stop();
  const end = ctx();
  return { winner: end.winner ?? 'NONE', days: end.dayNumber };
}

console.log(`mafia balance: ${games} simulated games per row (seeded; same output every run)\n`);
console.log('players | employees play | EMPLOYEES win | ROGUE_AI win | avg days');
console.log('------- | -------------- | ------------- | ------------ | --------');
const started = process.hrtime.bigint();
let total = 0;
for (const players of [6, 8, 10, 12]) {
  for (const informed of [false, true]) {
    const results = Array.from({ length: games }, (_, i) => play(players, informed, i + 1));
    total += results.length;
    const employees = results.filter((r) => r.winner === 'EMPLOYEES').length;
    const days = results.reduce((sum, r) => sum + r.days, 0) / results.length;
    console.log(
      `${String(players).padStart(7)} | ${(informed ? 'informed' : 'naive').padEnd(14)} | ${((100 * employees) / games).toFixed(1).padStart(12)}% | ${((100 * (games - employees)) / games).toFixed(1).padStart(11)}% | ${days.toFixed(1).padStart(8)}`,
    );
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`\n${total} whole games in ${(ms / 1000).toFixed(1)} s (${(ms / total).toFixed(2)} ms per game, machine only)`);
