/**
 * The ceiling: bare uWebSockets.js with no codec, bus or actor. `/echo` sends every
 * text frame back; on `/fanout` every socket hears topic `fan`, and a frame from any
 * socket is published to it with one `app.publish`.
 */
import uWS from 'uWebSockets.js';

const port = Number(process.env.PORT ?? 0);
const app = uWS.App();
app.ws('/echo', {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  idleTimeout: 120,
  message: (ws, message) => void ws.send(message, false),
});
app.ws('/fanout', {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  idleTimeout: 120,
  open: (ws) => void ws.subscribe('fan'),
  message: (_ws, message) => void app.publish('fan', message, false),
});
app.listen('127.0.0.1', port, (socket) => {
  if (!socket) throw new Error('bare server: cannot listen');
  console.log(`listening on http://127.0.0.1:${uWS.us_socket_local_port(socket)}`);
});
