import type { ExitAction, NightActionData, NightActionType, Stamp, Verdict } from './types.js';

/**
 * What the game actor receives. Client actions arrive as `{type, payload}` exactly as
 * decoded from the wire; the session layer adds the credentials it generated (the raw
 * token only travels to be echoed to its owner, never into context) and the runtime
 * adds `$from`/`$at`.
 */
export type MafiaEvent = Stamp &
  (
    | { type: 'CREATE_GAME'; payload: { player_name: string }; player_id: string; session_token: string; token_hash: string; seed: number }
    | { type: 'JOIN_GAME'; payload: { game_id: string; player_name: string }; player_id: string; session_token: string; token_hash: string }
    | { type: 'RECONNECT'; payload: { game_id: string; player_id: string }; token_hash: string }
    | { type: 'GET_GAME' }
    | { type: 'START_GAME'; payload: Record<string, never> }
    | { type: 'POST_CHAT_MESSAGE'; payload: { content: string } }
    | { type: 'UPDATE_STATUS'; payload: { status: string } }
    | { type: 'SUBMIT_NIGHT_ACTION'; payload: { type: NightActionType; data: NightActionData } }
    | { type: 'SUBMIT_VOTE'; payload: { vote_target_id?: string; verdict?: Verdict } }
    | { type: 'SUBMIT_PULSE_CHECK'; payload: { response: string } }
    | { type: 'SUBMIT_EXIT_INTERVIEW'; payload: { action: ExitAction; target_player_id?: string; final_status: string; feedback?: string } }
    | { type: '$disconnect' }
    | { type: '$restored' }
  );

export type EventOf<T extends MafiaEvent['type']> = Extract<MafiaEvent, { type: T }>;
