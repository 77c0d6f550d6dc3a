import t, { type Test } from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, http } from '../support/client.js';
import { cmdId } from '../poker/socket-support.js';
import { startServerProcess } from './server-process.js';

const dataDirOf = (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'actorcade-kill9-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function tokenFor(url: string, user: string) {
  const minted = await http(url, 'POST', '/api/auth/token', { user_id: user });
  return { authorization: `Bearer ${minted.body.token}` };
}

t.test('kill -9: a channel created and posted to just before the crash is all there after the restart', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await startServerProcess(dataDir);
  t.teardown(() => first.stop());
  const auth = await tokenFor(first.url, 'ann');
  const created = await http(first.url, 'POST', '/api/channels', { name: 'kept', is_private: false }, auth);
  t.equal(created.status, 201);
  const id = created.body.id;
  const posted: string[] = [];
  for (let i = 0; i < 20; i++) {
    const reply = await http(first.url, 'POST', `/api/channels/${id}/messages`, { content: `m${i}` }, auth);
    t.equal(reply.status, 201);
    posted.push(reply.body.id);
  }
  const edited = await http(first.url, 'PATCH', `/api/channels/${id}/messages/${posted[3]}`, { content: 'edited' }, auth);
  t.equal(edited.status, 200);
  await first.crash();

  const second = await startServerProcess(dataDir);
  t.teardown(() => second.stop());
  const again = await tokenFor(second.url, 'ann');
  const list = await http(second.url, 'GET', '/api/channels', undefined, again);
  t.ok(list.body.channels.some((c: any) => c.id === id), 'the channel is listed');
  const history = await http(second.url, 'GET', `/api/channels/${id}/messages?limit=100`, undefined, again);
  t.equal(history.status, 200, 'and its history answers');
  const ids = (history.body.messages as any[]).map((m) => m.id);
  t.same([...ids].sort(), [...posted].sort(), 'every acknowledged message, exactly once');
  t.equal((history.body.messages as any[]).find((m) => m.id === posted[3]).content, 'edited', 'with its edit');
  const more = await http(second.url, 'POST', `/api/channels/${id}/messages`, { content: 'after' }, again);
  t.equal(more.status, 201, 'new posts are taken');
});

t.test('kill -9: poker tables, seats and chips survive; resume tokens give the seat back', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await startServerProcess(dataDir, { POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000' });
  t.teardown(() => first.stop());
  const extra = await http(first.url, 'POST', '/api/tables', { smallBlind: 1, bigBlind: 2 });
  t.equal(extra.status, 201);
  const stacks = [2000, 3000, 4000];
  const players = [];
  for (const [seat, buyIn] of stacks.entries()) {
    const client = await connect(first.wsUrl('/poker/ws'));
    const session = await client.next('SESSION');
    client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn, seat });
    await client.next((f) => f.type === 'TABLE_SNAPSHOT' && f.yourSeat === seat);
    players.push({ client, session, seat });
  }
  const before = (await http(first.url, 'GET', '/api/tables')).body.tables;
  await first.crash();

  const second = await startServerProcess(dataDir, { POKER_ACTION_TIME_MS: '60000', POKER_DISCONNECT_GRACE_MS: '60000' });
  t.teardown(() => second.stop());
  const after = (await http(second.url, 'GET', '/api/tables')).body.tables;
  t.same(after.map((x: any) => x.tableId).sort(), before.map((x: any) => x.tableId).sort(), 'the default table and the created one are listed');
  t.match(after.find((x: any) => x.tableId === 't-1'), { players: 3 }, 'with its three seats');
  for (const { session, seat } of players) {
    const back = await connect(second.wsUrl(`/poker/ws?resume=${encodeURIComponent(session.resumeToken)}`));
    t.match(await back.next('SESSION'), { userId: session.userId });
    const snapshot = await back.next('TABLE_SNAPSHOT');
    t.equal(snapshot.yourSeat, seat, 'the resume token gives the seat back');
    const chips = snapshot.seats.reduce((sum: number, s: any) => sum + (s ? s.stack + (s.bet ?? 0) : 0), 0) + (snapshot.pots ?? []).reduce((sum: number, p: any) => sum + p.amount, 0);
    t.equal(chips, 9000, 'stacks and pots add up to the buy-ins');
    await back.close();
  }
});

t.test('kill -9: a mafia game created and joined just before the crash is found with every player', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await startServerProcess(dataDir);
  t.teardown(() => first.stop());
  const created = await http(first.url, 'POST', '/api/games', { player_name: 'Ann' });
  t.equal(created.status, 201);
  const gameId = created.body.game_id;
  for (const name of ['Bob', 'Cy', 'Di', 'Ed']) t.equal((await http(first.url, 'POST', `/api/games/${gameId}/players`, { player_name: name })).status, 201);
  const view = await http(first.url, 'GET', `/api/games/${gameId}`);
  await first.crash();

  const second = await startServerProcess(dataDir);
  t.teardown(() => second.stop());
  const again = await http(second.url, 'GET', `/api/games/${gameId}`);
  t.equal(again.status, 200, 'the game is found');
  t.same(again.body.players.map((p: any) => p.player_id), view.body.players.map((p: any) => p.player_id), 'with every player who joined');
});

t.test('secrets at rest: the SQLite files hold no snapshot or journal in the clear', async (t) => {
  const dataDir = dataDirOf(t);
  const first = await startServerProcess(dataDir);
  t.teardown(() => first.stop());
  const clients = [];
  for (const seat of [0, 1]) {
    const client = await connect(first.wsUrl('/poker/ws'));
    await client.next('SESSION');
    client.send({ type: 'SIT', cmdId: cmdId(), tableId: 't-1', buyIn: 2000, seat });
    clients.push(client);
  }
  for (const client of clients) {
    await client.next('DEAL_HOLE');
  }
  await first.crash();
  const bytes = readdirSync(dataDir)
    .filter((f) => f.startsWith('actorcade.sqlite'))
    .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    .join('');
  t.ok(bytes.length > 0);
  t.notMatch(bytes, /"rng"|"deck"|"context"|"hole/, 'no deck key, no deck, no context in the clear');
});
