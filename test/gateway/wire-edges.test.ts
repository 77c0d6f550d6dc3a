import t from 'tap';
import { connect, http } from '../support/client.js';
import { startServer } from '../support/server.js';

// JSON text (RFC 8259) has no byte order mark: a BOM-prefixed frame is bad input on every
// route — the family's validation error, nothing changes, the socket stays open.
const BOM = '\ufeff';

t.test('wire edges: a frame that starts with a BOM is refused on every route and changes nothing', async (t) => {
  const srv = await startServer();
  t.teardown(() => srv.close());
  const token = (user: string) => srv.server.auth.mint(user, 600).token;

  t.test('mafia: a BOM-prefixed CREATE_GAME creates no game', async (t) => {
    const c = await connect(srv.wsUrl('/mafia/ws'));
    c.sendRaw(BOM + JSON.stringify({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } }));
    t.match(await c.next('ERROR'), { payload: { code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    const later = await c.quiet(200);
    t.notOk(later.some((f) => f.type === 'SESSION_CREDENTIALS'), 'no credentials: no game was created');
    c.send({ type: 'CREATE_GAME', payload: { player_name: 'Ann' } });
    t.match(await c.next('SESSION_CREDENTIALS'), { payload: { game_id: String } }, 'the socket is still open and usable');
    await c.close();
  });

  t.test('pong: a BOM-prefixed disconnect does not close the socket', async (t) => {
    const c = await connect(srv.wsUrl('/pong/ws'));
    c.send({ type: 'connect', data: {} });
    await c.next('session_created');
    c.sendRaw(BOM + JSON.stringify({ type: 'disconnect', data: {} }));
    t.match(await c.next('error'), { data: { code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    c.send({ type: 'start_calibration', data: {} });
    t.match(await c.next((f) => f.type !== 'error'), { type: String }, 'the session still answers');
    await c.close();
  });

  t.test('poker, channel, library and opponent answer their own validation error', async (t) => {
    const poker = await connect(srv.wsUrl('/poker/ws'));
    await poker.next('SESSION');
    poker.sendRaw(BOM + JSON.stringify({ type: 'SIT', cmdId: 'c-1', tableId: 't-1', buyIn: 5000 }));
    t.match(await poker.next('ERROR'), { code: 'VALIDATION_ERROR', msg: /byte order mark/ });
    const tables = await http(srv.url, 'GET', '/api/tables');
    t.match(tables.body, { tables: [{ tableId: 't-1', players: 0 }] }, 'nobody sat down');
    await poker.close();

    const channel = await connect(srv.wsUrl(`/voice/ws?token=${token('ann')}`));
    await channel.next('ready');
    channel.sendRaw(BOM + JSON.stringify({ id: 'r1', type: 'ping' }));
    t.match(await channel.next('error'), { code: 'VALIDATION_ERROR', message: /byte order mark/ });
    await channel.close();

    const library = await connect(srv.wsUrl(`/ws?token=${token('bob')}`));
    library.sendRaw(BOM + JSON.stringify({ type: 'ping', data: {}, timestamp: new Date().toISOString(), id: 'm1' }));
    t.match(await library.next('error'), { data: { error_code: 'VALIDATION_ERROR', message: /byte order mark/ } });
    await library.close();

    const opponent = await connect(srv.wsUrl('/opponent/ws'));
    opponent.sendRaw(BOM + '{}');
    t.match(await opponent.next('error'), { code: 'INVALID_EVENT', message: /byte order mark/ });
    await opponent.close();
  });
});
