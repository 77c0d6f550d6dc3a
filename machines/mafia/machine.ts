import { assign, enqueueActions, setup } from 'xstate';
import type { Outgoing } from '../../src/contract/index.js';
import { castVerdict, closeNomination, closeVerdict, nominate, nominationComplete, openVerdict, startDay, verdictComplete } from './day.js';
import type { MafiaEvent } from './events.js';
import { submitExitInterview } from './exit-interview.js';
import { hostLeaves, hostLeft, hostReturned, hostReturns, passHost, successor, waitAgain } from './host.js';
import { createGame, dealRoles, disconnect, getGame, joinGame, reconnect, startRefusal } from './lobby.js';
import { nightActorsPending } from './night.js';
import { endNight, startNight, submitNightAction } from './night-phase.js';
import { endGame, outcomeOf, runwayOutcome } from './outcome.js';
import { nowOf, senderOf } from './players.js';
import { postChat, submitPulseCheck, updateStatus } from './communication.js';
import { reject, type Step } from './step.js';
import type { GameContext, GameSettings } from './types.js';

export interface MafiaInput {
  gameId: string;
  settings: GameSettings;
}

type Rule = (context: GameContext, event: MafiaEvent) => Step;

/** Run a pure rule (the `apply` action): the rule's name shows in the chart as its param. */
const run = (rule: Rule) => ({ type: 'apply' as const, params: { rule } });

/** Refuse an action that is not possible in the current phase, with the most useful code. */
const outOfPhase: Rule = (context, event) => {
  if (!senderOf(context, event)) return reject(context, 'NOT_IN_GAME', 'you are not a player of this game');
  if (context.phase === 'LOBBY') return reject(context, 'GAME_NOT_STARTED', 'the game has not started yet');
  if (context.phase === 'END') return reject(context, 'GAME_OVER', 'the game has ended');
  const where = context.phase === 'DAY' ? `the ${context.subPhase === 'VERDICT' ? 'verdict vote' : 'nomination'}` : 'the night';
  return reject(context, 'WRONG_PHASE', `${event.type} is not allowed during ${where}`);
};

const refuseStart: Rule = (context, event) => {
  const refusal = startRefusal(context, event)!;
  return reject(context, refusal.code, refusal.message);
};
const startFirstDay: Rule = (c, e) => startDay(c, 1, nowOf(c, e));
const startVerdict: Rule = (c, e) => openVerdict(c, nowOf(c, e));
const nightFalls: Rule = (c, e) => startNight(c, nowOf(c, e));
const nextDay: Rule = (c, e) => startDay(c, c.dayNumber + 1, nowOf(c, e));
const declareWinner: Rule = (c) => endGame(c, outcomeOf(c)!);
const runwayRunsOut: Rule = (c) => endGame(c, runwayOutcome());
const notFound: Rule = (context) => reject(context, 'GAME_NOT_FOUND', `no game ${context.gameId}`);
const already: Rule = (context) => reject(context, 'GAME_ALREADY_STARTED', 'the game has already left the lobby');
const nothing: Rule = (context) => ({ context, out: [] });


/**
 * One game of the mafia lobby (seed 000): LOBBY → DAY (nomination → verdict) → NIGHT → …
 * → END. Pure: time from XState delays and `$at`, randomness from `context.rng`.
 */
export const mafiaMachine = setup({
  types: {
    context: {} as GameContext,
    events: {} as MafiaEvent,
    input: {} as MafiaInput,
    emitted: {} as Outgoing,
  },
  actions: {
    /** Run a pure rule: one assign of its context, then its events in order. */
    apply: enqueueActions(({ context, event, enqueue }, params: { rule: Rule }) => {
      const step = params.rule(context, event);
      if (step.context !== context) enqueue.assign(() => step.context);
      for (const outgoing of step.out) enqueue.emit(outgoing);
    }),
    /** Re-arm a timed state after a restore (xstate#5331): the rest of the time to the deadline. */
    rearm: assign({
      timerMs: ({ context, event }) => Math.max(0, context.deadline - (event.$at ?? context.deadline)),
    }),
  },
  delays: {
    phaseTimer: ({ context }) => context.timerMs,
  },
  guards: {
    canStart: ({ context, event }) => startRefusal(context, event) === null,
    everyoneNominated: ({ context }) => nominationComplete(context),
    hasNominee: ({ context }) => context.nominee !== null,
    everyoneJudged: ({ context }) => verdictComplete(context),
    nightDone: ({ context }) => nightActorsPending(context).length === 0,
    gameWon: ({ context }) => outcomeOf(context) !== null,
    runwayExhausted: ({ context }) => context.dayNumber >= context.settings.maxDays,
    hostLeaves: ({ context, event }) => hostLeaves(context, event),
    hostReturns: ({ context, event }) => hostReturns(context, event),
    successorConnected: ({ context }) => successor(context) !== undefined,
  },
}).createMachine({
  id: 'mafia',
  context: ({ input }) => ({
    gameId: input.gameId,
    settings: input.settings,
    rng: 0,
    phase: 'VOID',
    subPhase: null,
    hostId: null,
    players: [],
    dayNumber: 0,
    deadline: 0,
    timerMs: 0,
    crisis: null,
    pulsePrompt: null,
    pulseChecks: [],
    voteWeights: {},
    afflicted: [],
    nominations: {},
    nominee: null,
    verdicts: {},
    nightActions: {},
    nextDay: { reallocation: null, afflicted: [], bonus: [] },
    lastPatchTarget: null,
    lastConversionNight: null,
    exitInterview: null,
    chat: [],
    chatSeq: 0,
    winner: null,
    endReason: null,
  }),
  initial: 'void',
  on: {
    RECONNECT: { actions: run(reconnect as Rule) },
    GET_GAME: { actions: run(getGame) },
    $disconnect: { actions: run(disconnect) },
    $restored: { actions: run(nothing) },
    CREATE_GAME: { actions: run(already) },
    JOIN_GAME: { actions: run(already) },
    START_GAME: { actions: run(refuseStart) },
    POST_CHAT_MESSAGE: { actions: run(postChat as Rule) },
    UPDATE_STATUS: { actions: run(updateStatus as Rule) },
    SUBMIT_VOTE: { actions: run(outOfPhase) },
    SUBMIT_PULSE_CHECK: { actions: run(outOfPhase) },
    SUBMIT_NIGHT_ACTION: { actions: run(outOfPhase) },
    SUBMIT_EXIT_INTERVIEW: { actions: run(outOfPhase) },
  },
  states: {
    void: {
      description: 'No game at this address yet: only CREATE_GAME brings it to life.',
      on: {
        CREATE_GAME: { target: 'lobby', actions: run(createGame as Rule) },
        $disconnect: { actions: run(nothing) },
        $restored: { actions: run(nothing) },
        '*': { actions: run(notFound) },
      },
    },
    lobby: {
      description: 'Players join; the host starts the game once enough have joined.',
      initial: 'hosted',
      on: {
        JOIN_GAME: { actions: run(joinGame as Rule) },
        START_GAME: [
          {
            guard: 'canStart',
            target: 'day',
            actions: [run(dealRoles), run(startFirstDay)],
          },
          { actions: run(refuseStart) },
        ],
      },
      states: {
        hosted: {
          description: 'The host is connected (or never left).',
          on: {
            $disconnect: [{ guard: 'hostLeaves', target: 'hostAway', actions: run(hostLeft) }, { actions: run(disconnect) }],
          },
        },
        hostAway: {
          description: "The host's socket closed: back within the grace time they stay host, else the longest-seated connected player takes over.",
          on: {
            RECONNECT: [{ guard: 'hostReturns', target: 'hosted', actions: run(hostReturned as Rule) }, { actions: run(reconnect as Rule) }],
            $restored: { target: 'hostAway', reenter: true, actions: 'rearm' },
          },
          after: {
            phaseTimer: [
              { guard: 'successorConnected', target: 'hosted', actions: run(passHost) },
              { target: 'hostAway', reenter: true, actions: run(waitAgain) },
            ],
          },
        },
      },
    },
    day: {
      description: 'The crisis of the day rules; chat, statuses and the Pulse Check run through both sub-phases.',
      initial: 'nomination',
      on: {
        SUBMIT_PULSE_CHECK: { actions: run(submitPulseCheck as Rule) },
      },
      states: {
        nomination: {
          description: 'Chat, Pulse Check, and one final nomination vote per eligible player.',
          on: {
            SUBMIT_VOTE: { actions: run(nominate as Rule) },
            $restored: { target: 'nomination', reenter: true, actions: 'rearm' },
          },
          always: { guard: 'everyoneNominated', target: 'tallied', actions: run(closeNomination) },
          after: { phaseTimer: { target: 'tallied', actions: run(closeNomination) } },
        },
        tallied: {
          description: 'The nomination is counted: a unique leader goes to the verdict, otherwise night falls.',
          always: [
            { guard: 'hasNominee', target: 'verdict', actions: run(startVerdict) },
            { target: '#mafia.night', actions: run(nightFalls) },
          ],
        },
        verdict: {
          description: 'YES/NO on the nominee, one final vote per eligible juror.',
          on: {
            SUBMIT_VOTE: { actions: run(castVerdict as Rule) },
            $restored: { target: 'verdict', reenter: true, actions: 'rearm' },
          },
          always: { guard: 'everyoneJudged', target: '#mafia.dusk', actions: run(closeVerdict) },
          after: { phaseTimer: { target: '#mafia.dusk', actions: run(closeVerdict) } },
        },
      },
    },
    dusk: {
      description: 'After a verdict: a deactivation may have decided the game.',
      always: [
        { guard: 'gameWon', target: 'end', actions: run(declareWinner) },
        { target: 'night', actions: run(nightFalls) },
      ],
    },
    night: {
      description: 'Night actions, the AI back-channel and the deactivated player\'s exit interview.',
      on: {
        SUBMIT_NIGHT_ACTION: { actions: run(submitNightAction as Rule) },
        SUBMIT_EXIT_INTERVIEW: { actions: run(submitExitInterview as Rule) },
        $restored: { target: 'night', reenter: true, actions: 'rearm' },
      },
      always: { guard: 'nightDone', target: 'dawn', actions: run(endNight) },
      after: { phaseTimer: { target: 'dawn', actions: run(endNight) } },
    },
    dawn: {
      description: 'Night actions resolved: a conversion may have decided the game, or the runway ran out.',
      always: [
        { guard: 'gameWon', target: 'end', actions: run(declareWinner) },
        { guard: 'runwayExhausted', target: 'end', actions: run(runwayRunsOut) },
        { target: 'day', actions: run(nextDay) },
      ],
    },
    end: {
      description: 'Final standings are public; chat stays open; reconnecting players get the final state.',
    },
  },
});

export type MafiaMachine = typeof mafiaMachine;
