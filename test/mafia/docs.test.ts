import { readFileSync } from 'node:fs';
import t from 'tap';
import { CRISIS_IDS } from '../../machines/mafia/crises.js';
import { MAFIA_ERRORS } from '../../machines/mafia/errors.js';
import { KPI_IDS } from '../../machines/mafia/kpis.js';
import { ROLES } from '../../machines/mafia/roles.js';
import { NIGHT_ACTION_DATA } from '../../src/protocol/mafia.js';

const docs = readFileSync(new URL('../../docs/mafia.md', import.meta.url), 'utf8');

t.test('mafia docs: every error code, role, night action, crisis and KPI is documented', async (t) => {
  for (const [code, { status }] of Object.entries(MAFIA_ERRORS)) {
    t.match(docs, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `error ${code} with status ${status}`);
  }
  for (const role of Object.keys(ROLES)) t.match(docs, `| \`${role}\` |`, `role ${role}`);
  for (const action of Object.keys(NIGHT_ACTION_DATA)) t.match(docs, `\`${action}\``, `night action ${action}`);
  for (const crisis of CRISIS_IDS) t.match(docs, `| \`${crisis}\` |`, `crisis ${crisis}`);
  for (const kpi of KPI_IDS) t.match(docs, `| \`${kpi}\` |`, `KPI ${kpi}`);
});

t.test('mafia docs: every action and event of seed 000 is in the message tables', async (t) => {
  const actions = ['RECONNECT', 'CREATE_GAME', 'JOIN_GAME', 'START_GAME', 'POST_CHAT_MESSAGE', 'UPDATE_STATUS', 'SUBMIT_NIGHT_ACTION', 'SUBMIT_VOTE', 'SUBMIT_PULSE_CHECK', 'SUBMIT_EXIT_INTERVIEW'];
  const events = ['GAME_STATE_SNAPSHOT', 'CHAT_HISTORY_SNAPSHOT', 'PLAYER_JOINED', 'PLAYER_LEFT', 'PLAYER_DEACTIVATED', 'ROLE_ASSIGNED', 'ALIGNMENT_CHANGED', 'PHASE_CHANGED', 'CHAT_MESSAGE', 'PULSE_CHECK_SUBMITTED', 'NIGHT_ACTIONS_RESOLVED', 'GAME_ENDED', 'PRIVATE_NOTIFICATION', 'SESSION_CREDENTIALS', 'ERROR'];
  for (const name of [...actions, ...events]) t.match(docs, `| \`${name}\` |`, name);
});
