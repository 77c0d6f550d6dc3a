import fc from 'fast-check';
import t from 'tap';
import { registeredMachines } from '../../src/charts/machine-registry.js';
import { definePrivateFields, type PrivateFields } from '../../src/contract/index.js';
import { exploreMachine, loadSamples } from './model-check.js';
import { playOnce, privacyProperty, privacySpecs, type PrivacyRun } from './privacy-check.js';

/**
 * Nothing `/charts` serves holds a private value: random games of every session type,
 * each machine driven by its samples (machines/<name>/*.samples.ts) from a path into
 * each of its states and on at random, and after every step the actor view and the
 * feed are computed by the functions the routes use, then searched for roles,
 * alignments, night actions, AI chat, hole cards, the deck, conversation text and
 * tokens (the oracle in privacy-check.ts, written apart from the declarations).
 */

const samples = await loadSamples();
const runs = new Map<string, PrivacyRun>();
for (const registered of registeredMachines()) {
  const found = samples.get(registered.machine.id);
  const spec = privacySpecs[registered.kind];
  t.ok(registered.privateFields, `${registered.session} declares what of its ${registered.kind} machine is private (machines/${registered.session}/private-fields.ts)`);
  t.ok(spec, `privacy-check.ts has an oracle for ${registered.kind}: what of the issue's list lives there`);
  t.ok(found, `${registered.kind} has samples to play it with`);
  if (!found || !spec) continue;
  runs.set(registered.kind, { registered, samples: found.samples, paths: exploreMachine(found.samples, registered).paths, spec });
}

for (const [kind, run] of runs) {
  t.test(`privacy: /charts serves nothing private of a random ${kind} game`, async (t) => {
    await fc.assert(privacyProperty(run), { numRuns: 40 });
    t.pass(`40 random ${kind} games from ${run.paths.length} states: nothing private served`);
  });
}

/** The first leak a run finds with `declaration` instead of the kind's own, over every path and a few seeds. */
async function leakWith(kind: string, declaration: PrivateFields, expected: string): Promise<string | undefined> {
  const run = runs.get(kind)!;
  for (let seed = 0; seed < 12; seed++) {
    for (let path = 0; path < run.paths.length; path++) {
      const choices = fc.sample(fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), { seed: seed * 1000 + path, numRuns: 1 })[0];
      const leak = await playOnce({ ...run, privateFields: declaration }, path, choices);
      if (leak?.includes(expected)) return leak;
    }
  }
  return undefined;
}

/** A kind's declaration without some of its fields and event types. */
function without(kind: string, fields: readonly string[], events: readonly string[] = []): PrivateFields {
  const own = runs.get(kind)!.registered.privateFields!;
  return definePrivateFields({ fields: own.fields.filter((f) => !fields.includes(f)), events: (own.events ?? []).filter((e) => !events.includes(e)) });
}

t.test('privacy: the check finds each kind of leak once its declaration is taken away', async (t) => {
  const cases: [string, string, PrivateFields, string][] = [
    ['mafia', 'roles', without('mafia', ['role']), '.role is served'],
    ['mafia', 'alignments', without('mafia', ['alignment']), '.alignment is served'],
    ['mafia', 'night actions', without('mafia', ['nightActions']), '.nightActions is served'],
    ['mafia', 'night action commands', without('mafia', [], ['SUBMIT_NIGHT_ACTION']), 'a SUBMIT_NIGHT_ACTION is served'],
    ['mafia', 'AI chat', without('mafia', ['chat', 'content'], ['POST_CHAT_MESSAGE', 'CHAT_MESSAGE']), 'secret-mafia'],
    ['mafia', 'session tokens', without('mafia', ['session_token']), 'secret-mafia'],
    ['mafia', 'token hashes', without('mafia', ['tokenHash']), 'h-p'],
    ['poker', 'hole cards', without('poker', ['hole']), '.hole is served'],
    ['poker', 'the deck', without('poker', ['deck']), '.deck is served'],
    ['conversation', 'conversation text', definePrivateFields({ fields: [] }), 'secret-conversation'],
    ['channel', 'message text', without('channel', ['content'], ['$post_message', '$edit_message']), 'secret-channel'],
    ['sync', 'platform accounts', without('sync', ['account']), 'secret-sync'],
  ];
  for (const [kind, what, declaration, expected] of cases) {
    const leak = await leakWith(kind, declaration, expected);
    t.ok(leak, `${kind}: ${what} leak without their declaration${leak ? `: ${leak}` : ''}`);
  }
});
