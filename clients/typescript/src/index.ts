/**
 * actorcade-client: one typed client per Actorcade route. Types come from the server's
 * io-ts codecs (src/protocol), so they cannot drift from what the server sends.
 */
export { ActorcadeError, type SdkErrorCode } from './errors.js';
export type { ClientEvents, ClientOptions, EventsOf, ReconnectOptions, WebSocketConstructor } from './route-client.js';
export { PokerClient, type PokerClientOptions, type PokerCommand, type PokerEvent } from './routes/poker.js';
export { MafiaClient, type MafiaAction, type MafiaCredentials, type MafiaEvent, type MafiaStart } from './routes/mafia.js';
export { LibraryClient, type LibraryClientOptions, type LibraryEvent, type LibraryMessage } from './routes/library.js';
export { ChannelClient, type ChannelClientOptions, type ChannelEvent, type ChannelMessage } from './routes/channel.js';
export { PongClient, type PongClientOptions, type PongEvent, type PongMessage } from './routes/pong.js';
export { OpponentClient, type OpponentClientOptions, type OpponentEvent, type OpponentGameEvent } from './routes/opponent.js';
export { devToken, rest } from './rest.js';
