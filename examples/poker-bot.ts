/**
 * A terminal poker bot on the SDK: sits at a table and plays a simple legal strategy
 * (raise pairs and aces, call cheap bets, check when free, fold the rest) until stopped.
 *
 *   npm start                                  # in another terminal
 *   node --import tsx examples/poker-bot.ts [ws://localhost:8080/poker/ws] [table] [buy-in]
 */
import WebSocket from 'ws';
import { ActorcadeError, PokerClient, type PokerEvent } from '../clients/typescript/src/index.js';

type Prompt = Extract<PokerEvent, { type: 'ACTION_PROMPT' }>;

/** The move for `prompt` holding `cards` (e.g. ["Ah","Kd"]): always one the prompt allows. */
export function decide(prompt: Prompt, cards: readonly string[]): { action: 'Fold' | 'Check' | 'Call' | 'Raise' | 'Bet'; amount?: number } {
  const ranks = cards.map((c) => c[0]);
  const strong = ranks.length === 2 && (ranks[0] === ranks[1] || ranks.includes('A'));
  if (strong && prompt.minRaise > 0) return { action: prompt.betToCall === 0 ? 'Bet' : 'Raise', amount: prompt.minRaise };
  if (prompt.canCheck) return { action: 'Check' };
  // Call up to a tenth of what we could put in, or anything when strong.
  if (strong || prompt.betToCall * 10 <= Math.max(prompt.maxRaise, prompt.betToCall)) return { action: 'Call' };
  return { action: 'Fold' };
}

/** Run one bot; resolves with its client (close it to stop). */
export async function runBot(url: string, { tableId = 't-1', buyIn = 10_000, log = console.log } = {}) {
  const poker = await PokerClient.connect(url, { WebSocket });
  let cards: string[] = [];
  poker.on('DEAL_HOLE', (e) => {
    cards = e.cards;
    log(`hand ${e.handId}: ${cards.join(' ')}`);
  });
  poker.on('ACTION_PROMPT', (prompt) => {
    if (prompt.playerId !== poker.userId || prompt.timer !== 'action') return;
    const move = decide(prompt, cards);
    poker.act({ tableId, ...move }).then(
      () => log(`${move.action}${move.amount ? ` ${move.amount}` : ''}`),
      (error: ActorcadeError) => log(`refused: ${error.code}`),
    );
  });
  poker.on('PAYOUT', (e) => {
    const won = e.potBreakdown.flatMap((pot) => pot.winners).filter((w) => w.playerId === poker.userId).reduce((sum, w) => sum + w.share, 0);
    if (won > 0) log(`won ${won}`);
  });
  poker.on('reconnected', () => log('reconnected, still seated'));
  const snapshot = await poker.sit({ tableId, buyIn });
  log(`seated at ${tableId}, seat ${snapshot.yourSeat}, as ${poker.userId.slice(0, 10)}…`);
  return poker;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url = 'ws://localhost:8080/poker/ws', tableId = 't-1', buyIn = '10000'] = process.argv.slice(2);
  const bot = await runBot(url, { tableId, buyIn: Number(buyIn) });
  process.on('SIGINT', () => void bot.close().then(() => process.exit(0)));
}
