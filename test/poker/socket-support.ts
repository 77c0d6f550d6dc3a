import { connect, type TestClient } from '../support/client.js';
import { startServer } from '../support/server.js';
import { pokerSession } from '../../src/sessions/poker/index.js';

/** A poker server with short timers and a fixed deck seed (env, exactly as in production). */
export const startPokerServer = (env: Record<string, string> = {}) =>
  startServer(
    {
      POKER_RNG_SEED: 'socket-tests',
      POKER_NEXT_HAND_DELAY_MS: '250',
      POKER_MIN_BUY_IN: '100',
      POKER_MAX_BUY_IN: '100000',
      POKER_MAX_SEATS: '6',
      RATE_LIMIT_PER_SEC: '1000',
      RATE_LIMIT_BURST: '1000',
      ...env,
    },
    { sessions: [pokerSession] },
  );

export interface Player {
  client: TestClient;
  userId: string;
  resumeToken: string;
  seat: number;
}

let cmd = 0;
export const cmdId = () => `cmd-${++cmd}`;

/**
 * Connect `stacks.length` players, then seat player i in seat i with stacks[i]: all SITs are
 * sent back to back, so they reach the table before its next-hand countdown ends.
 */
export async function seatPlayers(wsUrl: string, stacks: number[], tableId = 't-1'): Promise<Player[]> {
  const clients = await Promise.all(stacks.map(() => connect(wsUrl)));
  const sessions = await Promise.all(clients.map((c) => c.next('SESSION')));
  clients.forEach((client, seat) => client.send({ type: 'SIT', cmdId: cmdId(), tableId, buyIn: stacks[seat], seat }));
  await Promise.all(clients.map((client, seat) => client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat)));
  return clients.map((client, seat) => ({ client, userId: sessions[seat].userId, resumeToken: sessions[seat].resumeToken, seat }));
}

export type Policy = (prompt: any, player: Player) => { action: string; amount?: number } | null;
export const checkOrCall: Policy = (p) => ({ action: p.canCheck ? 'Check' : 'Call' });

/**
 * Play one hand to its HAND_END from the first observer's stream: whoever is prompted acts
 * by `policy` (null = let the clock run). Returns every frame the observer saw.
 */
export async function playHand(players: Player[], policy: Policy, observer = players[0].client): Promise<any[]> {
  const start = observer.received.length;
  for (;;) {
    const frame = await observer.next((f) => f.type === 'ACTION_PROMPT' || f.type === 'HAND_END', 10_000);
    if (frame.type === 'HAND_END') return observer.received.slice(start);
    const actor = players.find((p) => p.userId === frame.playerId);
    if (!actor || frame.timer !== 'action') continue;
    const move = policy(frame, actor);
    if (move) actor.client.send({ type: 'ACTION', cmdId: cmdId(), ...move });
  }
}

export const closeAll = (players: Player[]) => Promise.all(players.map((p) => p.client.close()));
