/**
 * The mafia game's domain types. Context is plain JSON: it is snapshotted to the store
 * and restored, so no classes, Maps or functions live here.
 */

export type Alignment = 'EMPLOYEES' | 'ROGUE_AI';
export type Phase = 'VOID' | 'LOBBY' | 'DAY' | 'NIGHT' | 'END';
export type SubPhase = 'NOMINATION' | 'VERDICT' | null;
export type RoleName =
  | 'AI_CORE'
  | 'DEEPFAKE'
  | 'MINER'
  | 'IT_SECURITY'
  | 'FINANCE_DIRECTOR'
  | 'COMPLIANCE_OFFICER'
  | 'INTERN';
export type NightActionType = 'CONVERT' | 'SYSTEM_SHOCK' | 'MINE' | 'PATCH' | 'REALLOCATE_BUDGET' | 'FIREWALL' | 'SHADOW';
export type Verdict = 'YES' | 'NO';
export type ExitAction = 'HANDOFF' | 'CONFIDENTIAL_FEEDBACK' | 'BURN_BRIDGES';
export type CrisisId =
  | 'MANDATORY_OVERTIME'
  | 'BUDGET_FREEZE'
  | 'ALL_HANDS_MEETING'
  | 'QUIET_PERIOD'
  | 'PHISHING_CAMPAIGN'
  | 'FIREWALL_UPGRADE';
export type KpiId = 'PULSE_CHAMPION' | 'NETWORKER' | 'SURVIVOR' | 'STATUS_SYMBOL' | 'DECISION_MAKER' | 'TALENT_SCOUT';

/** Settings a game is created with (copied from config so a restored game keeps them). */
export interface GameSettings {
  minPlayers: number;
  maxPlayers: number;
  dayMs: number;
  verdictMs: number;
  nightMs: number;
  maxDays: number;
  chatHistoryMax: number;
  quietPeriodMessages: number;
  /** How long the lobby waits for a disconnected host before the host passes on (default `DEFAULT_HOST_GRACE_MS`). */
  hostGraceMs?: number;
}

export interface NightActionData {
  target_player_id?: string;
  source_player_id?: string;
  destination_player_id?: string;
}

export interface SubmittedNightAction {
  type: NightActionType;
  data: NightActionData;
}

/** Something a player learned privately (kept for the snapshot and for exit-interview dossiers). */
export interface Intel {
  /** Day (or the night following that day) on which it was learned; 0 = at the deal. */
  day_number: number;
  type: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface KpiState {
  kpi_id: KpiId;
  title: string;
  description: string;
  target: number;
  progress: number;
  completed: boolean;
}

export interface PlayerRecord {
  id: string;
  name: string;
  /** sha256 (hex) of the session token; the token itself is never stored. */
  tokenHash: string;
  status: string;
  active: boolean;
  connected: boolean;
  /** The one socket currently bound to this player. */
  conn: string | null;
  role: RoleName | null;
  alignment: Alignment | null;
  /** Night of conversion (0 = AI from the start, null = never AI): AI succession order. */
  aiSince: number | null;
  deactivatedOnDay: number | null;
  kpi: KpiState | null;
  intel: Intel[];
  /** Counters the KPIs read. */
  stats: { chat: number; statusUpdates: number; pulseDays: number[]; verdictDays: number[] };
}

export interface CrisisEvent {
  crisis_id: CrisisId;
  title: string;
  description: string;
  effect: string;
}

export interface ChatMessage {
  message_id: string;
  player_id: string;
  player_name: string;
  content: string;
  channel: 'PUBLIC' | 'AI';
  phase: Phase;
  day_number: number;
  sent_at: string;
}

export interface ExitInterviewWindow {
  playerId: string;
  day: number;
  submitted: boolean;
}

export interface NightResults {
  night_number: number;
  summary: string;
  intrusion_blocked: boolean;
  budget_reallocation: { source_player_id: string; destination_player_id: string } | null;
  system_shocks: number;
  actions_blocked: number;
  conversions_attempted: number;
}

/** Modifiers the night (and exit interviews) leave for the next day. */
export interface DayModifiers {
  reallocation: { source: string; destination: string } | null;
  /** Players who cannot vote next day (SYSTEM_SHOCK, BURN_BRIDGES). */
  afflicted: string[];
  /** Players given +1 vote weight next day (HANDOFF). */
  bonus: string[];
}

export interface GameContext {
  gameId: string;
  settings: GameSettings;
  /** mulberry32 state: same seed, same game. */
  rng: number;
  phase: Phase;
  subPhase: SubPhase;
  hostId: string | null;
  players: PlayerRecord[];
  dayNumber: number;
  /** Epoch ms at which the current timed phase ends — in the lobby, the disconnected host's grace (re-armed from here after a restore). */
  deadline: number;
  /** Delay the current state's timer was armed with. */
  timerMs: number;
  crisis: CrisisEvent | null;
  pulsePrompt: string | null;
  pulseChecks: { player_id: string; player_name: string; response: string }[];
  voteWeights: Record<string, number>;
  afflicted: string[];
  nominations: Record<string, string>;
  nominee: string | null;
  verdicts: Record<string, Verdict>;
  nightActions: Record<string, SubmittedNightAction>;
  nextDay: DayModifiers;
  lastPatchTarget: string | null;
  /** Night of the last successful conversion: the AI cannot CONVERT the night right after. */
  lastConversionNight: number | null;
  exitInterview: ExitInterviewWindow | null;
  chat: ChatMessage[];
  chatSeq: number;
  winner: Alignment | null;
  endReason: string | null;
}

/** What the runtime stamps on every delivered message. */
export interface Stamp {
  $from?: { conn?: string; member?: string };
  $at?: number;
}
