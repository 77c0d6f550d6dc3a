import { defineSamples } from '../machine-samples.js';
import { seededRng } from './rng.js';
import { defaultTableSettings, type TableContext, type TableSettings } from './table-state.js';
import { tableMachine } from './table-machine.js';
import type { TableEvent } from './engine.js';
import { promptFields } from './views.js';

/**
 * A table created with short timers, three players (p0..p2, sockets c-p0..c-p2) who sit,
 * and whoever is to act folding, checking, calling, raising the minimum or going all in,
 * disconnecting on their turn (grace) or while the table waits (stood up later) and coming back. Events are stamped at the table's
 * own clock (`context.now`), so time moves only when a timer fires, as in the runtime.
 */
const settings: TableSettings = {
  ...defaultTableSettings,
  minBuyIn: 100,
  maxBuyIn: 10_000,
  actionTimeMs: 1_000,
  timebankMs: 500,
  disconnectGraceMs: 800,
  nextHandDelayMs: 300,
};

const PLAYERS = ['p0', 'p1', 'p2'] as const;
const BUY_IN: Record<string, number> = { p0: 1_000, p1: 1_000, p2: 600 };

const from = (member: string) => ({ conn: `c-${member}`, member });

function eventsFor(ctx: TableContext): TableEvent[] {
  const $at = ctx.now;
  const by = (member: string, event: Record<string, unknown>): TableEvent => ({ type: String(event.type), ...event, $from: from(member), $at });
  if (ctx.phase === 'uncreated') {
    return [
      { type: '$create', settings, $from: { conn: 'rest' }, $at },
      { type: '$create', settings: null, $from: { conn: 'rest' }, $at },
      by('p0', { type: 'SIT', buyIn: BUY_IN.p0, seat: 0 }),
    ];
  }
  const events: TableEvent[] = [];
  PLAYERS.forEach((member, seat) => events.push(by(member, { type: 'SIT', buyIn: BUY_IN[member], seat })));
  for (const seat of ctx.seats) {
    if (!seat) continue;
    if (seat.sittingOut) events.push(by(seat.playerId, { type: 'SIT_IN' }));
    if (seat.connections.length === 0) events.push(by(seat.playerId, { type: '$resume' }));
    // Away while the table waits: the seat is stood up when its abandon time runs out.
    else if (ctx.phase === 'waiting') events.push(by(seat.playerId, { type: '$disconnect' }));
  }
  const acting = ctx.hand?.acting ?? null;
  if (acting !== null && ctx.turn !== null) {
    const member = ctx.seats[acting]!.playerId;
    const limits = promptFields(ctx, acting);
    const bet = ctx.hand!.currentBet === 0 ? 'Bet' : 'Raise';
    events.push(
      by(member, { type: 'ACTION', action: 'Fold' }),
      by(member, { type: 'ACTION', action: limits.canCheck ? 'Check' : 'Call' }),
      by(member, { type: 'ACTION', action: 'AllIn' }),
      ...(limits.canRaise ? [by(member, { type: 'ACTION', action: bet, amount: limits.minRaise })] : []),
      // Out of turn, and an illegal amount: rejected.
      by(PLAYERS.find((p) => p !== member)!, { type: 'ACTION', action: 'Fold' }),
      by(member, { type: 'ACTION', action: 'Raise', amount: -1 }),
    );
    if (ctx.seats[acting]!.connections.length > 0) events.push(by(member, { type: '$disconnect' }));
  }
  return events;
}

export default defineSamples({
  machine: tableMachine,
  input: { tableId: 't-samples', rng: seededRng(1) },
  events: (snapshot) => eventsFor(snapshot.context),
  // Kept small so the exploration stays bounded (~400 states): the table's phase and turn timer, who sits
  // where and who is away, and whose turn it is. Adding sittingOut alone triples it; bets and folds blow it up.
  key: (ctx) => ({
    phase: ctx.phase,
    timer: ctx.turn?.phase ?? null,
    seats: ctx.seats.map((s) => s && `${s.playerId}${s.connections.length ? '' : ' away'}`),
    acting: ctx.hand?.acting ?? null,
  }),
});
