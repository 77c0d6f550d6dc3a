/**
 * The crash bench's bots, one per session type. Each keeps what the server acknowledged
 * across restarts, drives its session while the server runs, and after every restart
 * reconnects the way a real client does and checks that nothing acknowledged was lost.
 */
import { randomUUID } from 'node:crypto';
import { connect, http, type TestClient } from '../test/support/client.js';

/** What a bot's check found after one restart. */
export interface Finding {
  checked: number;
  lost: string[];
}

export interface CrashBot {
  family: string;
  /** After a (re)start: reconnect, check what was acknowledged, then resume driving. */
  resume(server: Server): Promise<Finding>;
  /** The server is about to be killed: stop issuing commands (sockets just break). */
  halt(): void;
}

export interface Server {
  url: string;
  wsUrl(path: string): string;
}

/** mulberry32: the bench's one seeded generator (crash moments, bot choices). */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const quietly = <T>(promise: Promise<T>) => promise.catch(() => undefined);
const closeAll = (clients: TestClient[]) => {
  for (const c of clients) c.ws.terminate();
  clients.length = 0;
};

/** Channel: REST posts and edits; every acknowledged message is in the history exactly once, in order, with its acknowledged edit. */
export function channelBot(): CrashBot {
  let auth: Record<string, string> = {};
  let channelId = '';
  const acked: string[] = [];
  const edits = new Map<string, string>();
  let running = false;
  let n = 0;

  async function history(url: string) {
    const all: any[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await http(url, 'GET', `/api/channels/${channelId}/messages?limit=100${before ? `&before=${before}` : ''}`, undefined, auth);
      if (page.status !== 200) throw new Error(`history answered ${page.status} ${JSON.stringify(page.body)}`);
      all.unshift(...page.body.messages);
      if (!page.body.has_more || page.body.messages.length === 0) return all;
      before = page.body.messages[0].id;
    }
  }

  async function drive(url: string) {
    while (running) {
      const reply = await quietly(http(url, 'POST', `/api/channels/${channelId}/messages`, { content: `m${++n}` }, auth));
      if (!running || reply?.status !== 201) return;
      acked.push(reply.body.id);
      if (n % 5 === 0) {
        const target = acked[acked.length - 3];
        if (target && !edits.has(target)) {
          const content = `edited ${n}`;
          const edited = await quietly(http(url, 'PATCH', `/api/channels/${channelId}/messages/${target}`, { content }, auth));
          if (edited?.status === 200) edits.set(target, content);
        }
      }
    }
  }

  return {
    family: 'channel messages',
    async resume(server) {
      const minted = await http(server.url, 'POST', '/api/auth/token', { user_id: 'crash-bench' });
      auth = { authorization: `Bearer ${minted.body.token}` };
      const finding: Finding = { checked: 0, lost: [] };
      if (channelId === '') {
        const created = await http(server.url, 'POST', '/api/channels', { name: 'crash', is_private: false }, auth);
        channelId = created.body.id;
      } else {
        const messages = await history(server.url).catch((error) => {
          finding.lost.push(`channel: ${error.message}`);
          return [] as any[];
        });
        const position = new Map(messages.map((m, i) => [m.id, i]));
        const seen = new Set<string>();
        for (const m of messages) {
          if (seen.has(m.id)) finding.lost.push(`channel: message ${m.id} twice`);
          seen.add(m.id);
        }
        let last = -1;
        for (const id of acked) {
          finding.checked++;
          const at = position.get(id);
          if (at === undefined) finding.lost.push(`channel: acknowledged message ${id} missing`);
          else if (at < last) finding.lost.push(`channel: message ${id} out of order`);
          else last = at;
          const edit = edits.get(id);
          if (edit !== undefined && at !== undefined && messages[at].content !== edit) finding.lost.push(`channel: edit of ${id} lost`);
        }
      }
      running = true;
      void drive(server.url);
      return finding;
    },
    halt: () => void (running = false),
  };
}

interface PokerPlayer {
  userId: string;
  token: string;
  buyIn: number;
  /** SIT acknowledged (a TABLE_SNAPSHOT with this seat). */
  seated: boolean;
  seat: number;
  client?: TestClient;
  /** Sent, not acknowledged yet; and the last one the table acknowledged (PLAYER_ACTION_APPLIED). */
  pending?: Record<string, unknown>;
  acked?: Record<string, unknown>;
  /** Not acting while its resend after a restart is judged. */
  paused?: boolean;
}

/** Poker: 3–6 players at a table, all-ins for side pots; stacks + pots = buy-ins, the hand goes on. */
export function pokerBot(random: () => number): CrashBot {
  let tableId = '';
  let players: PokerPlayer[] = [];
  const clients: TestClient[] = [];
  let running = false;
  let cmd = 0;

  function play(player: PokerPlayer, client: TestClient) {
    client.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      // Acknowledged: applied as sent (not the clock's automatic move); refused: forgotten.
      if (frame.type === 'PLAYER_ACTION_APPLIED' && frame.playerId === player.userId && !frame.auto && frame.action === player.pending?.action) {
        player.acked = player.pending;
        player.pending = undefined;
      }
      if (frame.type === 'ERROR' && frame.cmdId !== undefined && frame.cmdId === player.pending?.cmdId) player.pending = undefined;
      if (!running || player.paused) return;
      if (frame.type !== 'ACTION_PROMPT' || frame.playerId !== player.userId || frame.timer === 'grace') return;
      const action = random() < 0.08 ? 'AllIn' : frame.canCheck ? 'Check' : 'Call';
      player.pending = { type: 'ACTION', cmdId: `${player.userId.slice(2, 10)}-${++cmd}`, tableId, action };
      client.send(player.pending);
    });
  }

  async function seatNewTable(server: Server) {
    const created = await http(server.url, 'POST', '/api/tables', { smallBlind: 10, bigBlind: 20, minBuyIn: 400, maxBuyIn: 4000 });
    tableId = created.body.table.tableId;
    const count = 3 + Math.floor(random() * 4);
    const buyIns = Array.from({ length: count }, () => 400 + 100 * Math.floor(random() * 37));
    const connected = await Promise.all(buyIns.map(() => connect(server.wsUrl('/poker/ws'))));
    clients.push(...connected);
    const sessions = await Promise.all(connected.map((c) => c.next('SESSION')));
    players = connected.map((client, seat) => ({ userId: sessions[seat].userId, token: sessions[seat].resumeToken, buyIn: buyIns[seat], seated: false, seat, client }));
    for (const player of players) {
      const { client, seat } = player;
      play(player, client!);
      client!.send({ type: 'SIT', cmdId: `sit-${++cmd}`, tableId, buyIn: player.buyIn, seat });
      void quietly(client!.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat, 30_000)).then((f) => f && (player.seated = true));
    }
  }

  return {
    family: 'poker chips',
    async resume(server) {
      const finding: Finding = { checked: 0, lost: [] };
      closeAll(clients);
      running = true;
      if (tableId === '') {
        await seatNewTable(server);
        return finding;
      }
      let snapshot: any;
      let withChips = 0;
      const resumed = await Promise.all(
        players.map(async (player) => {
          player.paused = true;
          player.pending = undefined;
          const client = await connect(server.wsUrl(`/poker/ws?resume=${encodeURIComponent(player.token)}`)).catch(() => undefined);
          if (!client) return { player, refused: true };
          clients.push(client);
          play(player, client);
          const session = await quietly(client.next('SESSION', 10_000));
          const mine = await quietly(client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.tableId === tableId, 5_000));
          // The last acknowledged action again, same cmdId (a client retrying after a reconnect): it must not apply twice.
          let duplicate = false;
          if (mine && player.acked) {
            client.send(player.acked);
            const answer = await quietly(
              client.next(
                (f) =>
                  (f.type === 'ERROR' && f.cmdId === player.acked!.cmdId) ||
                  (f.type === 'PLAYER_ACTION_APPLIED' && f.playerId === player.userId && !f.auto && f.action === player.acked!.action) ||
                  (f.type === 'TABLE_SNAPSHOT' && f.tableId === tableId),
                5_000,
              ),
            );
            duplicate = answer?.type === 'PLAYER_ACTION_APPLIED';
          }
          player.acked = undefined;
          player.paused = false;
          return { player, session, mine, refused: false, duplicate };
        }),
      );
      for (const { player, duplicate } of resumed) if (duplicate) finding.lost.push(`poker: ${player.userId}'s acknowledged cmdId applied twice`);
      for (const { player, session, mine, refused } of resumed) {
        if (refused) {
          finding.lost.push(`poker: resume token of ${player.userId} refused`);
          continue;
        }
        if (session?.userId !== player.userId) finding.lost.push(`poker: resume token gave ${session?.userId} for ${player.userId}`);
        if (!mine) {
          if (player.seated) finding.lost.push(`poker: seated player ${player.userId} not re-attached to ${tableId}`);
          continue;
        }
        snapshot = mine;
        if (mine.yourSeat === player.seat) player.seated = true;
        else if (player.seated && mine.seats[player.seat]?.playerId === player.userId) finding.lost.push(`poker: ${player.userId} lost its seat`);
      }
      if (snapshot) {
        finding.checked++;
        const sitting = players.filter((p) => snapshot.seats.some((s: any) => s?.playerId === p.userId) || p.seated);
        const expected = sitting.reduce((sum, p) => sum + p.buyIn, 0);
        const chips =
          snapshot.seats.reduce((sum: number, s: any) => sum + (s ? s.stack + (s.bet ?? 0) : 0), 0) +
          (snapshot.pots ?? []).reduce((sum: number, p: any) => sum + p.amount, 0);
        if (chips !== expected) finding.lost.push(`poker: ${tableId} holds ${chips} chips, buy-ins were ${expected}`);
        withChips = snapshot.seats.filter((s: any) => s && s.stack + (s.bet ?? 0) > 0).length;
        const live = clients.filter((c) => c.ws.readyState === c.ws.OPEN);
        if (withChips >= 2 && live.length > 0) {
          // The hand goes on: a prompt, a new hand or the end of this one.
          const moving = (f: any) => ['ACTION_PROMPT', 'HAND_START', 'HAND_END', 'PLAYER_ACTION_APPLIED'].includes(f.type) && f.tableId === tableId;
          const moved = await Promise.any(live.map((c) => c.next(moving, 8_000))).catch(() => undefined);
          const seats = snapshot.seats.filter(Boolean).map((s: any) => `${s.stack}${s.sittingOut ? ' out' : ''}${s.waitingForBB ? ' bb' : ''}`);
          if (!moved) finding.lost.push(`poker: ${tableId} does not go on after the restart (${snapshot.state}, seats ${seats.join(', ')})`);
        }
      }
      if (withChips < 2) await seatNewTable(server);
      return finding;
    },
    halt: () => void (running = false),
  };
}

interface MafiaBot {
  id: string;
  token: string;
  role?: string;
  alignment?: string;
}

const MAFIA_PHASES = new Set(['LOBBY', 'DAY', 'NIGHT', 'END']);

/** Mafia: a six-player game on short timers; after a restart every player reconnects to a consistent phase with its role unchanged. */
export function mafiaBot(): CrashBot {
  let gameId = '';
  let bots: MafiaBot[] = [];
  const clients: TestClient[] = [];
  let lastPhase = '';

  async function newGame(server: Server) {
    bots = [];
    gameId = '';
    const join = async (i: number) => {
      const client = await connect(server.wsUrl('/mafia/ws'));
      clients.push(client);
      client.send(i === 0 ? { type: 'CREATE_GAME', payload: { player_name: `Host${i}` } } : { type: 'JOIN_GAME', payload: { game_id: gameId, player_name: `Bot${i}` } });
      const credentials = (await client.next('SESSION_CREDENTIALS', 10_000)).payload;
      gameId = credentials.game_id;
      const bot: MafiaBot = { id: credentials.player_id, token: credentials.session_token };
      void quietly(client.next('ROLE_ASSIGNED', 60_000)).then((f) => {
        if (f) [bot.role, bot.alignment] = [f.payload.your_role.role, f.payload.your_role.alignment];
      });
      return { bot, client };
    };
    const host = await join(0);
    const others = await Promise.all([1, 2, 3, 4, 5].map(join));
    bots = [host.bot, ...others.map((o) => o.bot)];
    host.client.send({ type: 'START_GAME', payload: {} });
  }

  return {
    family: 'mafia games',
    async resume(server) {
      const finding: Finding = { checked: 0, lost: [] };
      closeAll(clients);
      if (gameId === '') {
        await newGame(server);
        return finding;
      }
      let phase = '';
      const reconnected = await Promise.all(
        bots.map(async (bot) => {
          const client = await connect(server.wsUrl('/mafia/ws'));
          clients.push(client);
          client.send({ type: 'RECONNECT', payload: { game_id: gameId, player_id: bot.id, session_token: bot.token } });
          return { client, reply: await quietly(client.next((f) => f.type === 'GAME_STATE_SNAPSHOT' || f.type === 'ERROR', 10_000)) };
        }),
      );
      for (const [i, bot] of bots.entries()) {
        const { client, reply } = reconnected[i];
        finding.checked++;
        if (reply?.type !== 'GAME_STATE_SNAPSHOT') {
          finding.lost.push(`mafia: ${bot.id} could not reconnect to ${gameId}: ${JSON.stringify(reply?.payload)}`);
          continue;
        }
        const state = reply.payload.game_state;
        phase = state.phase;
        if (!MAFIA_PHASES.has(state.phase)) finding.lost.push(`mafia: ${gameId} in phase ${state.phase}`);
        if (bot.role && state.you?.role?.role !== bot.role) finding.lost.push(`mafia: ${bot.id} was ${bot.role}, now ${state.you?.role?.role}`);
        if (bot.alignment && state.you?.role?.alignment !== bot.alignment) finding.lost.push(`mafia: ${bot.id} alignment changed`);
        if (bot.role && state.phase === 'LOBBY') finding.lost.push(`mafia: ${gameId} rolled back to LOBBY after roles were dealt`);
        if (!bot.role) {
          void quietly(client.next('ROLE_ASSIGNED', 60_000)).then((f) => {
            if (f) [bot.role, bot.alignment] = [f.payload.your_role.role, f.payload.your_role.alignment];
          });
          if (state.you?.role?.role) [bot.role, bot.alignment] = [state.you.role.role, state.you.role.alignment];
        }
      }
      if (phase === 'DAY' || phase === 'NIGHT') {
        // The game goes on: its phase timers were re-armed from their deadlines.
        const moved = await Promise.any(reconnected.map(({ client }) => client.next('PHASE_CHANGED', 8_000))).catch(() => undefined);
        if (!moved) finding.lost.push(`mafia: ${gameId} stays in ${phase} after the restart`);
        else phase = moved.payload.new_phase;
      }
      if (phase === 'LOBBY') reconnected[0]?.client.send({ type: 'START_GAME', payload: {} });
      if (phase === 'END' || (phase !== '' && phase === lastPhase && phase === 'LOBBY')) await newGame(server);
      lastPhase = phase;
      return finding;
    },
    halt() {},
  };
}

/** Pong: a player who heard calibration_complete resumes (connect {userId}) with the same calibration. */
export function pongBot(): CrashBot {
  const calibrated = new Map<string, unknown>();
  const clients: TestClient[] = [];
  let running = false;

  async function calibrateOne(server: Server) {
    const userId = randomUUID();
    const client = await connect(server.wsUrl('/pong/ws'));
    clients.push(client);
    client.send({ type: 'connect', data: { userId } });
    await client.next('session_created', 10_000);
    client.send({ type: 'start_calibration' });
    let step = 'baseline';
    const samples = setInterval(() => {
      if (!running || client.ws.readyState !== client.ws.OPEN) return clearInterval(samples);
      for (const f of client.received) if (f?.type === 'calibration_step') step = f.data.step;
      const bias = step === 'left' ? 0.3 : step === 'right' ? -0.3 : 0;
      client.send({ type: 'calibration_sample', data: { signals: { up: 0, down: 0, left: 0.5 + bias / 2, right: 0.5 - bias / 2 }, timestamp: Date.now() } });
    }, 10);
    const done = await quietly(client.next('calibration_complete', 20_000));
    clearInterval(samples);
    if (done?.data.status === 'success') calibrated.set(userId, done.data.params);
  }

  return {
    family: 'pong calibrations',
    async resume(server) {
      const finding: Finding = { checked: 0, lost: [] };
      closeAll(clients);
      for (const [userId, params] of calibrated) {
        const client = await connect(server.wsUrl('/pong/ws'));
        clients.push(client);
        client.send({ type: 'connect', data: { userId } });
        const created = await quietly(client.next('session_created', 10_000));
        finding.checked++;
        if (!created || created.data.calibrationRequired !== false || JSON.stringify(created.data.calibrationParams) !== JSON.stringify(params)) {
          finding.lost.push(`pong: ${userId} resumed without its calibration: ${JSON.stringify(created?.data)}`);
        }
        client.ws.terminate();
      }
      clients.length = 0;
      running = true;
      // The first calibration is waited for, so every run has one to check; later ones race the crash.
      if (calibrated.size === 0) await quietly(calibrateOne(server));
      else void quietly(calibrateOne(server));
      return finding;
    },
    halt: () => void (running = false),
  };
}

const SYNC_DONE = new Set(['completed', 'failed', 'cancelled']);

/** Library: fixture-platform syncs; an acknowledged sync's counters never go backwards, and it completes or fails retryably, never stuck. */
export function libraryBot(): CrashBot {
  let libraryId = '';
  let auth: Record<string, string> = {};
  const seen = new Map<string, { processed: number; added: number; stale: number }>();
  let syncs = 0;

  async function startSync(url: string) {
    const reply = await quietly(http(url, 'POST', `/api/libraries/${libraryId}/sync`, { type: ++syncs % 3 === 1 ? 'full' : 'incremental' }, auth));
    if (reply?.status === 202) seen.set(reply.body.operation_id, { processed: 0, added: 0, stale: 0 });
    return reply;
  }

  return {
    family: 'library syncs',
    async resume(server) {
      const finding: Finding = { checked: 0, lost: [] };
      const minted = await http(server.url, 'POST', '/api/auth/token', { user_id: 'crash-library' });
      auth = { authorization: `Bearer ${minted.body.token}` };
      if (libraryId === '') {
        libraryId = (await http(server.url, 'POST', '/api/libraries', { name: 'Crash Library', platform: 'fixture' }, auth)).body.library_id;
      }
      let running = false;
      for (const [id, last] of seen) {
        const op = await quietly(http(server.url, 'GET', `/api/operations/${id}`, undefined, auth));
        finding.checked++;
        if (op?.status !== 200) {
          finding.lost.push(`library: acknowledged operation ${id} answers ${op?.status}`);
          continue;
        }
        const { status, games_processed: processed, games_added: added } = op.body;
        if (processed < last.processed || added < last.added) finding.lost.push(`library: ${id} went back from ${last.processed}/${last.added} to ${processed}/${added}`);
        if (SYNC_DONE.has(status)) {
          seen.delete(id);
          continue;
        }
        running = true;
        last.stale = processed === last.processed && added === last.added ? last.stale + 1 : 0;
        if (last.stale >= 8) finding.lost.push(`library: ${id} stuck at ${status} ${processed} over ${last.stale} restarts`);
        [last.processed, last.added] = [processed, added];
      }
      if (!running) {
        const reply = await startSync(server.url);
        if (reply?.status === 409) finding.lost.push(`library: a new sync is refused (${JSON.stringify(reply.body)}) with no acknowledged one running`);
      }
      return finding;
    },
    halt() {},
  };
}
