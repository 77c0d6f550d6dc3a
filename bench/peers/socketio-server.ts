/**
 * The Socket.IO 4 side of `npm run bench -- peers`: every socket joins room `fan`, and an
 * event `fan` from any socket is emitted to the room (`io.to('fan').emit`), the same
 * fan-out as bench/lib-bare-server.ts's `/fanout` and a channel's `voice_speaking` on
 * Actorcade. WebSocket transport only, no compression: what a game server would run.
 * Env: PORT (0 picks one). Prints `listening on http://127.0.0.1:PORT`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false, httpCompression: false });
io.on('connection', (socket) => {
  socket.join('fan');
  socket.on('fan', (event: unknown) => io.to('fan').emit('fan', event));
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
