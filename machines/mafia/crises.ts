import type { CrisisEvent, CrisisId } from './types.js';
import { nextInt } from './rng.js';

/** The crisis catalogue: one is announced with every DAY and rules that day (and the night after). */
export const CRISES: Readonly<Record<CrisisId, CrisisEvent>> = {
  MANDATORY_OVERTIME: {
    crisis_id: 'MANDATORY_OVERTIME',
    title: 'Mandatory Overtime',
    description: 'A deadline slipped. Nobody goes home until it ships.',
    effect: "Today's nomination phase lasts 50% longer.",
  },
  BUDGET_FREEZE: {
    crisis_id: 'BUDGET_FREEZE',
    title: 'Budget Freeze',
    description: 'Finance has locked every cost centre.',
    effect: 'Every vote weighs exactly 1 today (reallocations and handoffs are void), and REALLOCATE_BUDGET cannot be used tonight.',
  },
  ALL_HANDS_MEETING: {
    crisis_id: 'ALL_HANDS_MEETING',
    title: 'All-Hands Meeting',
    description: 'Leadership wants to hear from everyone before anything is decided.',
    effect: "Only players who submitted today's Pulse Check may vote in today's verdict.",
  },
  QUIET_PERIOD: {
    crisis_id: 'QUIET_PERIOD',
    title: 'Quiet Period',
    description: 'Legal has imposed a communications quiet period.',
    effect: 'Each player may post at most a few chat messages today (MAFIA_QUIET_PERIOD_MESSAGES, default 3).',
  },
  PHISHING_CAMPAIGN: {
    crisis_id: 'PHISHING_CAMPAIGN',
    title: 'Phishing Campaign',
    description: 'A wave of convincing phishing mail is hitting every inbox.',
    effect: 'Tonight, PATCH does not stop CONVERT (it still stops SYSTEM_SHOCK).',
  },
  FIREWALL_UPGRADE: {
    crisis_id: 'FIREWALL_UPGRADE',
    title: 'Firewall Upgrade',
    description: 'IT is rolling out a new perimeter firewall overnight.',
    effect: 'SYSTEM_SHOCK cannot be used tonight.',
  },
};

export const CRISIS_IDS = Object.keys(CRISES) as CrisisId[];

/** Draw the day's crisis: uniformly at random, never the same as the previous day's. */
export function drawCrisis(rng: number, previous: CrisisId | null): [CrisisEvent, number] {
  const pool = CRISIS_IDS.filter((id) => id !== previous);
  const [index, next] = nextInt(rng, pool.length);
  return [CRISES[pool[index]], next];
}

/** Pulse Check prompts, one per day in order (wrapping). */
export const PULSE_PROMPTS: readonly string[] = [
  'In one sentence: how confident are you in our leadership today?',
  'In one sentence: what is the biggest risk to the company right now?',
  'In one sentence: who has been the most helpful colleague this week, and why?',
  'In one sentence: what should we stop doing immediately?',
  'In one sentence: what would make you trust your team more?',
  'In one sentence: what did you notice last night?',
];

export const pulsePromptFor = (day: number) => PULSE_PROMPTS[(day - 1) % PULSE_PROMPTS.length];
