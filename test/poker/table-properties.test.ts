import t from 'tap';
import fc from 'fast-check';
import type { TableContext } from '../../machines/poker/table-state.js';
import type { Outgoing } from '../../src/contract/index.js';
import { createTableDriver } from './table-driver.js';

/**
 * Thousands of random hands through the real table machine: random players send random
 * commands (legal, illegal, out of turn, bad amounts) while time jumps at random. After
 * every single event the table must balance and never leak a hole card.
 */

const amount = fc.oneof(
  fc.integer({ min: 0, max: 12_000 }),
  fc.constantFrom(-100, 0.5, 99.99, Number.MAX_SAFE_INTEGER, 1e21, '300' as unknown as number),
);
const command = fc.oneof(
  { weight: 12, arbitrary: fc.record({ type: fc.constant('ACTION'), action: fc.constantFrom('Fold', 'Check', 'Call', 'Call', 'Call', 'Check', 'AllIn'), amount: fc.constant(undefined) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('ACTION'), action: fc.constantFrom('Bet', 'Raise'), amount }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('SIT'), buyIn: amount }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constantFrom('LEAVE', 'SIT_OUT', 'SIT_IN', '$disconnect', '$resume') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('REBUY'), amount }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('POST_BLIND'), blindType: fc.constantFrom('SB', 'BB') }) },
);
const step = fc.record({
  who: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: fc.nat(6) }), // -1: the acting player
  command,
  waitMs: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40_000 }) }),
  dupe: fc.boolean(),
});
const scenario = fc.record({
  players: fc.integer({ min: 2, max: 6 }),
  stacks: fc.array(fc.integer({ min: 100, max: 5_000 }), { minLength: 6, maxLength: 6 }),
  blinds: fc.constantFrom([1, 2], [5, 10], [25, 50], [50, 100]),
  seed: fc.nat(),
  steps: fc.array(step, { minLength: 20, maxLength: 200 }),
});

/** Chips of kept stacks (players stood up while away) that left the table between two contexts without their player sitting down again. */
function forfeited(before: TableContext, after: TableContext, satDown?: string): number {
  let chips = 0;
  for (const [playerId, entry] of Object.entries(before.kept)) if (!(playerId in after.kept) && playerId !== satDown) chips += entry.stack;
  return chips;
}

function checkInvariants(ctx: TableContext, expectedBankroll: number, emitted: Outgoing[]) {
  const stacks = ctx.seats.reduce((a, s) => a + (s?.stack ?? 0), 0);
  const inPots = ctx.hand?.players.reduce((a, p) => a + p.total, 0) ?? 0;
  const kept = Object.values(ctx.kept).reduce((a, k) => a + k.stack, 0);
  if (stacks + inPots + kept !== ctx.bankroll) throw new Error(`chips not conserved: ${stacks} + ${inPots} + kept ${kept} != ${ctx.bankroll}`);
  for (const s of ctx.seats) if (s && ctx.kept[s.playerId]) throw new Error(`${s.playerId} is seated and has a kept stack`);
  if (ctx.bankroll !== expectedBankroll) throw new Error(`bankroll ${ctx.bankroll} != bought in − cashed out ${expectedBankroll}`);
  for (const s of ctx.seats) if (s && (!Number.isSafeInteger(s.stack) || s.stack < 0)) throw new Error(`bad stack ${s.stack}`);
  if (ctx.hand) {
    const cards = [...ctx.hand.board, ...ctx.hand.deck, ...ctx.hand.players.flatMap((p) => p.hole)];
    if (new Set(cards).size !== cards.length) throw new Error('a card is duplicated');
    for (const p of ctx.hand.players) if (p.bet > p.total || p.bet < 0) throw new Error('bet outside contributions');
  }
  for (const o of emitted) {
    const e = o.event as any;
    if (e.type === 'DEAL_HOLE' && !(typeof o.to === 'object' && 'member' in o.to && o.to.member === e.playerId)) {
      throw new Error('DEAL_HOLE not sent privately to its owner');
    }
    if (e.type === 'TABLE_SNAPSHOT') {
      if (o.to === 'session' && e.seats.some((s: any) => s?.cards)) throw new Error('public snapshot shows hole cards');
      const shown = e.seats.filter((s: any) => s?.cards);
      if (shown.length > 1) throw new Error('a snapshot shows two players’ cards');
    }
    if (e.type === 'PAYOUT') {
      for (const pot of e.potBreakdown) {
        const paid = pot.winners.reduce((a: number, w: any) => a + w.share, 0);
        if (paid !== pot.amount) throw new Error(`pot ${pot.name} paid ${paid} of ${pot.amount}`);
        if (!pot.winners.every((w: any) => pot.eligibleSeats.includes(w.seat))) throw new Error('a winner was not eligible');
        const shares = pot.winners.map((w: any) => w.share);
        if (Math.max(...shares) - Math.min(...shares) > 1) throw new Error('split shares differ by more than the odd chip');
      }
    }
  }
}

t.test('table properties: chips are conserved, pots pay out exactly, and every command is applied or rejected, over thousands of random hands', (t) => {
  let hands = 0;
  let rejected = 0;
  let applied = 0;
  let stoodUp = 0;
  let returned = 0;
  fc.assert(
    fc.property(scenario, ({ players, stacks, blinds, seed, steps }) => {
      const sb = blinds[0];
      const bb = blinds[1];
      const d = createTableDriver(
        { smallBlind: sb, bigBlind: bb, minBuyIn: bb, maxBuyIn: 100 * bb, maxSeats: 6, actionTimeMs: 5_000, timebankMs: 3_000, disconnectGraceMs: 4_000, nextHandDelayMs: 1_000 },
        seed,
        't-test',
        // Short enough that away players are stood up, come back with their stack, and lose it when it expires.
        { abandonAfterMs: 30_000, keepStackMs: 90_000, timebankRefillMs: 1_000, timebankRefillEveryHands: 3 },
      );
      let bankroll = 0;
      for (let i = 0; i < players; i++) {
        const buyIn = Math.min(100 * bb, Math.max(bb, Math.round((stacks[i] * bb) / 50)));
        d.send(`p${i}`, { type: 'SIT', cmdId: `sit-${i}`, buyIn });
        bankroll += buyIn;
      }
      let n = 0;
      for (const s of steps) {
        const before = d.context();
        const from = s.who === -1 && before.hand?.acting != null ? before.seats[before.hand.acting]?.playerId ?? 'p0' : `p${s.who === -1 ? 0 : s.who}`;
        const cmdId = s.dupe && n > 0 ? `c-${n - 1}` : `c-${n}`;
        n++;
        const stackBefore = before.seats.find((x) => x?.playerId === from)?.stack ?? 0;
        const out = d.send(from, { ...s.command, cmdId, tableId: 't-test' } as Record<string, unknown>);
        const events = out.map((o) => o.event as any);
        const isCommand = !s.command.type.startsWith('$');
        const error = events.find((e) => e.type === 'ERROR');
        const duplicate = isCommand && before.seen[from]?.includes(cmdId);
        if (duplicate) {
          if (events.length !== 1 || events[0].type !== 'TABLE_SNAPSHOT') throw new Error('a duplicate cmdId must only resend the snapshot');
          if (JSON.stringify({ ...d.context(), now: 0 }) !== JSON.stringify({ ...before, now: 0 })) throw new Error('a duplicate cmdId changed the table');
        } else if (error) {
          rejected++;
          const after = d.context();
          if (JSON.stringify({ ...after, now: 0, seen: {} }) !== JSON.stringify({ ...before, now: 0, seen: {} })) throw new Error(`rejected ${s.command.type} changed the table`);
        } else if (isCommand) {
          applied++;
          const keptStack = before.kept[from] && before.kept[from].until > d.context().now ? before.kept[from].stack : undefined;
          if (s.command.type === 'SIT' && keptStack !== undefined) {
            returned++;
            if (d.context().seats.find((x) => x?.playerId === from)?.stack !== keptStack) throw new Error('a returning player did not get their kept stack back');
          } else if (s.command.type === 'SIT') bankroll += s.command.buyIn as number;
          if (s.command.type === 'REBUY') bankroll += s.command.amount as number;
          if (s.command.type === 'LEAVE') {
            const left = events.find((e) => e.type === 'LEFT_SEAT');
            bankroll -= left.cashOut;
            if (left.cashOut > stackBefore) throw new Error('cashed out more than the stack');
          }
        }
        bankroll -= forfeited(before, d.context(), s.command.type === 'SIT' && !error ? from : undefined);
        checkInvariants(d.context(), bankroll, out);
        if (s.waitMs > 0) {
          const waited = d.context();
          const timed = d.advance(s.waitMs, 500);
          bankroll -= forfeited(waited, d.context());
          stoodUp += Object.keys(d.context().kept).filter((id) => !(id in waited.kept)).length;
          checkInvariants(d.context(), bankroll, timed);
        }
      }
      // Let the table play itself out: timers fold/check everyone until no hand is running.
      const settled = d.context();
      const rest = d.advance(600_000, 500);
      bankroll -= forfeited(settled, d.context());
      checkInvariants(d.context(), bankroll, rest);
      hands += d.emitted.filter((o) => (o.event as any).type === 'HAND_END').length;
    }),
    { numRuns: 250, seed: 2002 },
  );
  // Fewer than before timeouts sat players out: a table whose players stopped acting no longer deals itself hands forever.
  t.ok(hands >= 600, `played ${hands} complete hands`);
  t.ok(stoodUp > 10 && returned > 2, `${stoodUp} away players stood up, ${returned} sat down again with their kept stack`);
  t.ok(rejected > 500 && applied > 500, `${applied} commands applied, ${rejected} rejected`);
  t.end();
});
