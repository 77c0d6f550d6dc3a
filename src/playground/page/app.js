// The Actorcade playground: plain ES modules, no build step, nothing fetched from outside this server.
const $ = (id) => document.getElementById(id);
const state = { families: [], family: null, route: null, socket: null, sequence: [], pending: [], counts: { valid: 0, invalid: 0 } };
const MAX_LOG = 500;
const STORE = 'actorcade-playground:';
// The credential this page was opened with (`/playground?token=…`: an admin JWT or the link `npm start`
// prints): a server listening beyond loopback refuses the playground's API without it.
const TOKEN = new URLSearchParams(location.search).get('token');
const authHeaders = TOKEN ? { authorization: `Bearer ${TOKEN}` } : {};

// ---- forms built from the codecs' JSON Schemas ----

const defaultOf = (schema) => {
  if (!schema) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string': return '';
    case 'number': case 'integer': return 0;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return Object.fromEntries((schema.required ?? []).map((name) => [name, defaultOf(schema.properties[name])]));
    default: return null;
  }
};

/** One input for `schema` holding `value`; returns { element, read() }. */
function fieldFor(schema, value, name) {
  if (schema && 'const' in schema) {
    const input = Object.assign(document.createElement('input'), { value: JSON.stringify(schema.const), readOnly: true, name });
    return { element: input, read: () => schema.const };
  }
  if (schema?.enum) {
    const select = document.createElement('select');
    select.name = name;
    for (const option of schema.enum) select.append(new Option(option, option, false, option === value));
    return { element: select, read: () => select.value };
  }
  if (schema?.type === 'string') {
    const input = Object.assign(document.createElement('input'), { value: value ?? '', name, title: schema.description ?? '' });
    return { element: input, read: () => input.value };
  }
  if (schema?.type === 'number' || schema?.type === 'integer') {
    const input = Object.assign(document.createElement('input'), { type: 'number', step: schema.type === 'integer' ? '1' : 'any', value: value ?? 0, name, title: schema.description ?? '' });
    return { element: input, read: () => Number(input.value) };
  }
  if (schema?.type === 'boolean') {
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', checked: !!value, name });
    return { element: input, read: () => input.checked };
  }
  if (schema?.type === 'object' && schema.properties && Object.keys(schema.properties).length > 0) {
    const set = document.createElement('fieldset');
    set.append(Object.assign(document.createElement('legend'), { textContent: name }));
    const reads = [];
    for (const [prop, sub] of Object.entries(schema.properties)) {
      const required = (schema.required ?? []).includes(prop);
      const present = value && typeof value === 'object' && prop in value;
      const child = fieldFor(sub, present ? value[prop] : defaultOf(sub), `${name}.${prop}`);
      const row = document.createElement('div');
      row.className = 'field';
      const include = Object.assign(document.createElement('input'), { type: 'checkbox', checked: required || present, disabled: required, title: required ? 'required' : 'include this optional field' });
      include.dataset.field = `${name}.${prop}`;
      const label = Object.assign(document.createElement('span'), { textContent: prop, className: `name${required ? ' required' : ''}` });
      row.append(include, label, child.element);
      set.append(row);
      reads.push(() => (include.checked ? [[prop, child.read()]] : []));
    }
    return { element: set, read: () => Object.fromEntries(reads.flatMap((read) => read())) };
  }
  // Anything else (arrays, unions, free-form objects): JSON, checked when read.
  const area = Object.assign(document.createElement('textarea'), { rows: 2, value: JSON.stringify(value ?? defaultOf(schema)), name });
  return {
    element: area,
    read: () => {
      try {
        return JSON.parse(area.value);
      } catch {
        throw new Error(`${name}: not valid JSON`);
      }
    },
  };
}

let currentForm = null;
let sent = 0;
/** Correlation ids must differ per command (poker ignores a repeated cmdId): each form gets fresh ones. */
const withFreshIds = (value) =>
  value && typeof value === 'object'
    ? { ...value, ...('cmdId' in value ? { cmdId: `pg-${Date.now().toString(36)}-${++sent}` } : {}), ...('id' in value ? { id: `pg-${Date.now().toString(36)}-${++sent}` } : {}) }
    : value;

function showMessage(name, value) {
  const message = state.family.client.find((m) => m.name === name);
  $('message').value = name;
  const form = $('form');
  form.replaceChildren();
  currentForm = fieldFor(message.schema, withFreshIds(value ?? message.example ?? defaultOf(message.schema)), message.name);
  form.append(currentForm.element);
}

// ---- the event log, each frame checked by the server's codecs ----

function log(direction, frame) {
  const item = document.createElement('li');
  item.dataset.type = frame?.[state.family.tag] ?? '?';
  item.dataset.direction = direction;
  const head = document.createElement('div');
  head.className = 'head';
  const badge = Object.assign(document.createElement('span'), { className: 'badge', textContent: 'checking…' });
  head.append(
    Object.assign(document.createElement('span'), { className: 'dir', textContent: direction === 'server' ? '←' : '→' }),
    Object.assign(document.createElement('span'), { className: 'time', textContent: new Date().toLocaleTimeString() }),
    Object.assign(document.createElement('span'), { className: 'type', textContent: item.dataset.type }),
    badge,
  );
  item.append(head, Object.assign(document.createElement('pre'), { textContent: JSON.stringify(frame, null, 2) }));
  const list = $('log');
  list.prepend(item);
  while (list.children.length > MAX_LOG) list.lastElementChild.remove();
  state.pending.push({ direction, frame, item, badge });
  scheduleValidation();
}

let validationTimer = null;
function scheduleValidation() {
  if (validationTimer === null) validationTimer = setTimeout(validatePending, 100);
}

async function validatePending() {
  validationTimer = null;
  const batch = state.pending.splice(0, 200);
  if (batch.length === 0) return;
  const family = state.family.name;
  for (const direction of ['client', 'server']) {
    const entries = batch.filter((e) => e.direction === direction && typeof e.frame === 'object' && e.frame !== null);
    if (entries.length === 0) continue;
    try {
      const res = await fetch('/playground/api/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders },
        body: JSON.stringify({ family, direction, frames: entries.map((e) => e.frame) }),
      });
      const { results } = await res.json();
      results.forEach((result, i) => mark(entries[i], result.ok, result.message));
    } catch (error) {
      for (const entry of entries) mark(entry, false, `could not check: ${error.message}`);
    }
  }
  for (const entry of batch) if (typeof entry.frame !== 'object' || entry.frame === null) mark(entry, false, 'not JSON');
  if (state.pending.length) scheduleValidation();
}

function mark(entry, ok, message) {
  entry.badge.textContent = ok ? 'valid' : `invalid: ${message}`;
  entry.badge.className = `badge ${ok ? 'valid' : 'invalid'}`;
  entry.item.dataset.valid = String(ok);
  state.counts[ok ? 'valid' : 'invalid']++;
  $('counts').textContent = `${state.counts.valid} valid, ${state.counts.invalid} invalid`;
}

// ---- connecting ----

function setConnected(up, text) {
  $('status').textContent = text;
  $('status').classList.toggle('up', up);
  $('connect').disabled = up;
  $('disconnect').disabled = !up;
  $('send').disabled = !up;
  $('replay').disabled = !up || state.sequence.length === 0;
  document.body.dataset.connected = String(up);
}

function connect() {
  const params = new URLSearchParams();
  for (const input of $('query').querySelectorAll('input')) if (input.value) params.set(input.name, input.value);
  const query = params.toString();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${state.route.path}${query ? `?${query}` : ''}`;
  const socket = new WebSocket(url);
  state.socket = socket;
  setConnected(false, 'connecting…');
  socket.onopen = () => setConnected(true, `connected to ${state.route.path}`);
  socket.onclose = (ev) => {
    if (state.socket === socket) state.socket = null;
    setConnected(false, `disconnected (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`);
  };
  socket.onmessage = (ev) => {
    let frame = ev.data;
    try {
      frame = JSON.parse(ev.data);
    } catch {}
    log('server', frame);
  };
}

function send(frame) {
  state.socket.send(JSON.stringify(frame));
  log('client', frame);
}

// ---- sequences ----

function renderSequence() {
  const list = $('sequence');
  list.replaceChildren(...state.sequence.map((frame) => Object.assign(document.createElement('li'), { textContent: JSON.stringify(frame) })));
  $('replay').disabled = !state.socket || state.sequence.length === 0;
}

function renderSaved() {
  const select = $('saved');
  select.replaceChildren(
    ...Object.keys(localStorage)
      .filter((key) => key.startsWith(STORE))
      .sort()
      .map((key) => new Option(key.slice(STORE.length), key.slice(STORE.length))),
  );
}

// ---- wiring ----

function chooseRoute(value) {
  const [familyName, index] = value.split('#');
  state.family = state.families.find((f) => f.name === familyName);
  state.route = state.family.routes[Number(index)];
  const query = $('query');
  query.replaceChildren(
    ...state.route.query.map((name) => {
      const label = Object.assign(document.createElement('label'), { textContent: `${name} ` });
      label.append(Object.assign(document.createElement('input'), { name, id: `query-${name}` }));
      return label;
    }),
  );
  $('token-row').hidden = !state.route.query.includes('token');
  $('route-docs').innerHTML = '';
  $('route-docs').append(
    `${state.family.title} (seed ${state.family.seed}) · `,
    Object.assign(document.createElement('a'), { href: `/asyncapi/${state.family.name}.yaml`, textContent: 'AsyncAPI document' }),
  );
  $('message').replaceChildren(...state.family.client.map((m) => new Option(m.name, m.name)));
  showMessage(state.family.client[0].name);
}

async function main() {
  const { families } = await (await fetch('/playground/api/families', { headers: authHeaders })).json();
  state.families = families;
  $('route').replaceChildren(...families.flatMap((f) => f.routes.map((r, i) => new Option(`${f.name}: ${r.route}`, `${f.name}#${i}`))));
  $('route').onchange = () => chooseRoute($('route').value);
  chooseRoute($('route').value);
  $('message').onchange = () => showMessage($('message').value);
  $('get-token').onclick = async () => {
    const res = await fetch('/api/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: $('user-id').value }) });
    const body = await res.json();
    if (res.ok) $('query-token').value = body.token;
    else $('send-error').textContent = body.error?.message ?? `HTTP ${res.status}`;
  };
  $('connect').onclick = connect;
  $('disconnect').onclick = () => state.socket?.close(1000, 'closed from the playground');
  $('send').onclick = () => {
    $('send-error').textContent = '';
    try {
      const frame = currentForm.read();
      send(frame);
      state.sequence.push(frame);
      renderSequence();
      if (frame && typeof frame === 'object' && ('cmdId' in frame || 'id' in frame)) showMessage($('message').value, frame);
    } catch (error) {
      $('send-error').textContent = error.message;
    }
  };
  $('save').onclick = () => {
    const name = $('sequence-name').value.trim() || new Date().toISOString();
    localStorage.setItem(STORE + name, JSON.stringify({ family: state.family.name, route: $('route').value, frames: state.sequence }));
    renderSaved();
    $('saved').value = name;
  };
  $('load').onclick = () => {
    const saved = JSON.parse(localStorage.getItem(STORE + $('saved').value) ?? 'null');
    if (!saved) return;
    if (saved.route !== $('route').value) {
      $('route').value = saved.route;
      chooseRoute(saved.route);
    }
    state.sequence = saved.frames;
    renderSequence();
    const last = saved.frames[saved.frames.length - 1];
    if (last) showMessage(last[state.family.tag], last);
  };
  $('replay').onclick = async () => {
    for (const frame of state.sequence) {
      if (!state.socket) break;
      send(frame);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  $('clear').onclick = () => {
    state.sequence = [];
    renderSequence();
  };
  renderSaved();
  setConnected(false, 'disconnected');
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('send-error').textContent = `could not start: ${error.message}`;
});
