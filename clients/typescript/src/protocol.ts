/**
 * The server's own codecs, imported through the shared source path (the repository's
 * src/protocol): every type the SDK exposes is `t.TypeOf` of one of these, so the client
 * cannot drift from the server. src/protocol imports only io-ts, fp-ts and the pure error
 * catalogues of machines/ (test/clients/import-graph.test.ts checks the whole graph).
 */
export { pokerClientCodecs, pokerServerEvents, SessionEvent as PokerSessionEvent, PokerErrorEvent, PokerErrorCode } from '../../../src/protocol/poker.js';
export { createMafiaCodecs } from '../../../src/protocol/mafia.js';
export { mafiaServerEvents } from '../../../src/protocol/mafia-events.js';
export { libraryClientCodecs, libraryServerEvents } from '../../../src/protocol/library.js';
export { channelClientCodecs, channelServerEvents } from '../../../src/protocol/channel.js';
export { PongClientMessage } from '../../../src/protocol/pong.js';
export { pongServerEvents } from '../../../src/protocol/pong-events.js';
export { GameEvent, opponentWire } from '../../../src/protocol/opponent.js';
export { opponentServerEvents } from '../../../src/protocol/opponent-events.js';
export { codecsByTag, decodeTagged } from '../../../src/protocol/decode.js';
