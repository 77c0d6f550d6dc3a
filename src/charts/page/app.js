// The live chart view (docs/charts.md). Plain browser JavaScript, served as is by the
// server: no build step, no CDN. It reads /charts/api/* and watches one actor over
// /charts/ws, highlighting its active states (SVG elements carry data-state-id).

const $ = (selector) => document.querySelector(selector);
const ACTORS_EVERY_MS = 2000;

const state = {
  /** kind → { session, kind, machine, states, svg } */
  types: new Map(),
  kind: null,
  /** The watched actor's address, its start time and active states. */
  address: null,
  startedAt: null,
  states: [],
  socket: null,
  socketUp: false,
  retryMs: 500,
};

// The credential this page was opened with (`/charts?token=…`: the link `npm start` prints,
// or an admin JWT): a server listening beyond loopback refuses the API and the socket without it.
const TOKEN = new URLSearchParams(location.search).get('token');
const authHeaders = TOKEN ? { authorization: `Bearer ${TOKEN}` } : {};

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store', headers: authHeaders });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// ---------- charts ----------

async function loadTypes() {
  const { types } = await getJson('/charts/api/types');
  const nav = $('#types');
  const charts = $('#charts');
  nav.replaceChildren();
  charts.replaceChildren();
  for (const type of types) {
    state.types.set(type.kind, type);
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.kind = type.kind;
    button.setAttribute('aria-pressed', 'false');
    button.innerHTML = type.session === type.kind ? escapeHtml(type.kind) : `${escapeHtml(type.kind)} <small>${escapeHtml(type.session)}</small>`;
    button.addEventListener('click', () => selectKind(type.kind, { updateHash: true }));
    nav.append(button);

    const figure = document.createElement('div');
    figure.className = 'chart';
    figure.dataset.kind = type.kind;
    figure.hidden = true;
    figure.innerHTML = `<h2>${escapeHtml(type.kind)} <small>session ${escapeHtml(type.session)} · machine ${escapeHtml(type.machine)} · ${type.states.length} states</small></h2>${type.svg}`;
    charts.append(figure);
  }
  if (types.length === 0) charts.innerHTML = '<p class="hint">No session types are registered.</p>';
}

function chartOf(kind) {
  return document.querySelector(`.chart[data-kind="${CSS.escape(kind)}"]`);
}

function selectKind(kind, { updateHash = false } = {}) {
  if (!state.types.has(kind)) return;
  state.kind = kind;
  for (const button of document.querySelectorAll('#types button')) button.setAttribute('aria-pressed', String(button.dataset.kind === kind));
  for (const chart of document.querySelectorAll('.chart')) chart.hidden = chart.dataset.kind !== kind;
  $('#actors-kind').textContent = kind;
  if (state.address && !state.address.startsWith(`${kind}/`)) unwatch();
  if (updateHash) history.replaceState(null, '', `#${encodeURIComponent(kind)}`);
  refreshActors();
}

/** Mark the active states of the watched actor in its chart; clear every other mark. */
function highlight(kind, ids) {
  for (const node of document.querySelectorAll('.chart [data-state-id].active')) node.classList.remove('active');
  const chart = chartOf(kind);
  if (!chart) return;
  for (const id of ids) chart.querySelector(`[data-state-id="${CSS.escape(id)}"]`)?.classList.add('active');
}

/** Briefly mark the transitions the new events could have taken from the states the actor was in. */
function flashTransitions(kind, previous, events) {
  const chart = chartOf(kind);
  if (!chart) return;
  const from = new Set(previous);
  for (const entry of events) {
    if (entry.direction !== 'in') continue;
    for (const edge of chart.querySelectorAll(`.transition[data-event="${CSS.escape(entry.type)}"]`)) {
      const id = edge.dataset.transitionId;
      const sources = edge.dataset.sources ? edge.dataset.sources.split(' ') : [id.slice(0, id.lastIndexOf(':'))];
      if (!sources.some((source) => from.has(source))) continue;
      edge.classList.add('fired');
      setTimeout(() => edge.classList.remove('fired'), 1500);
    }
  }
}

// ---------- live actors ----------

async function refreshActors() {
  const kind = state.kind;
  if (!kind) return;
  let actors;
  try {
    ({ actors } = await getJson(`/charts/api/actors?kind=${encodeURIComponent(kind)}`));
  } catch {
    return;
  }
  if (kind !== state.kind) return;
  const body = $('#actors tbody');
  body.replaceChildren();
  if (actors.length === 0) {
    body.innerHTML = '<tr><td colspan="4" class="hint">No live actors of this kind.</td></tr>';
    return;
  }
  for (const actor of actors) {
    const row = document.createElement('tr');
    row.dataset.address = actor.address;
    if (actor.address === state.address) row.classList.add('selected');
    row.innerHTML = `<td class="address">${escapeHtml(actor.address)}</td><td class="value">${escapeHtml(formatValue(actor.value))}</td><td>${formatAge(actor.age_ms)}</td><td>${actor.members}</td>`;
    row.addEventListener('click', () => watch(actor.address, { updateHash: true }));
    body.append(row);
  }
}

function watch(address, { updateHash = false } = {}) {
  const kind = address.slice(0, address.indexOf('/'));
  if (kind !== state.kind) selectKind(kind);
  state.address = address;
  state.startedAt = null;
  for (const row of document.querySelectorAll('#actors tbody tr')) row.classList.toggle('selected', row.dataset.address === address);
  $('#actor').hidden = false;
  $('#actor-address').textContent = address;
  $('#actor-events').replaceChildren();
  if (updateHash) history.replaceState(null, '', `#${encodeURIComponent(address)}`);
  send({ type: 'watch', address });
}

function unwatch() {
  state.address = null;
  $('#actor').hidden = true;
  highlight(state.kind, []);
  send({ type: 'unwatch' });
}

function showActor(message, { fresh }) {
  if (message.address !== state.address) return;
  const actor = message.actor;
  if (!message.live || !actor) {
    $('#actor-state').innerHTML = '<span class="gone">not live (never started, passivated or stopped)</span>';
    highlight(state.kind, []);
  } else {
    if (actor.started_at) state.startedAt = actor.started_at;
    if (fresh) flashTransitions(actor.kind, state.states, message.events);
    state.states = actor.states;
    $('#actor-state').textContent = formatValue(actor.value) + (actor.status !== 'active' ? ` (${actor.status})` : '');
    $('#actor-members').textContent = String(actor.members);
    $('#actor-context').textContent = JSON.stringify(actor.context, null, 2);
    highlight(actor.kind, actor.states);
    const row = document.querySelector(`#actors tr[data-address="${CSS.escape(message.address)}"] .value`);
    if (row) row.textContent = formatValue(actor.value);
  }
  const list = $('#actor-events');
  for (const entry of message.events) {
    const item = document.createElement('li');
    item.className = entry.direction + (fresh ? ' fresh' : '');
    const payload = { ...entry.event };
    delete payload.type;
    const from = payload.$from && payload.$from.member ? ` from ${payload.$from.member}` : '';
    delete payload.$from;
    delete payload.$at;
    const where = entry.direction === 'out' ? ` → ${entry.to}` : `${from}${entry.value !== undefined ? ` ⇒ ${formatValue(entry.value)}` : ''}`;
    const body = Object.keys(payload).length ? `<code>${escapeHtml(JSON.stringify(payload))}</code>` : '';
    item.innerHTML = `<time>${formatTime(entry.at)}</time><span class="dir">${entry.direction}</span><span class="type">${escapeHtml(entry.type)}</span>${escapeHtml(where)}${body}`;
    list.prepend(item);
  }
  while (list.children.length > 100) list.lastElementChild.remove();
  tickAge();
}

function tickAge() {
  $('#actor-age').textContent = state.startedAt ? formatAge(Date.now() - state.startedAt) : '–';
}

// ---------- socket ----------

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // Browsers cannot set headers on a WebSocket: the token goes in the query.
  const query = TOKEN ? `?token=${encodeURIComponent(TOKEN)}` : '';
  const socket = new WebSocket(`${scheme}://${location.host}/charts/ws${query}`);
  state.socket = socket;
  socket.addEventListener('open', () => {
    state.socketUp = true;
    state.retryMs = 500;
    setLink(true);
    if (state.address) send({ type: 'watch', address: state.address });
  });
  socket.addEventListener('message', (frame) => {
    const message = JSON.parse(frame.data);
    if (message.type === 'snapshot') {
      $('#actor-events').replaceChildren();
      showActor(message, { fresh: false });
    } else if (message.type === 'update') showActor(message, { fresh: true });
    else if (message.type === 'error') console.warn('charts:', message.code, message.message);
  });
  socket.addEventListener('close', () => {
    state.socketUp = false;
    setLink(false);
    setTimeout(connect, state.retryMs);
    state.retryMs = Math.min(10_000, state.retryMs * 2);
  });
}

function send(message) {
  if (state.socketUp) state.socket.send(JSON.stringify(message));
}

function setLink(up) {
  const link = $('#link');
  link.textContent = up ? 'live' : 'reconnecting…';
  link.className = `link ${up ? 'up' : 'down'}`;
}

// ---------- formatting ----------

function formatValue(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => (typeof inner === 'string' ? `${key}.${inner}` : `${key}.{${formatValue(inner)}}`))
      .join(', ');
  }
  return String(value);
}

function formatAge(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function formatTime(at) {
  const d = new Date(at);
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// ---------- start ----------

async function start() {
  try {
    await loadTypes();
  } catch (error) {
    $('#charts').innerHTML = `<p class="gone">Could not load the charts: ${escapeHtml(error.message)}</p>`;
    return;
  }
  connect();
  const target = decodeURIComponent(location.hash.slice(1));
  if (target.includes('/')) watch(target);
  else selectKind(state.types.has(target) ? target : state.types.keys().next().value);
  setInterval(refreshActors, ACTORS_EVERY_MS);
  setInterval(tickAge, 1000);
  document.body.dataset.ready = 'true';
}

start();
