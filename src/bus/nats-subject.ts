/** Characters a NATS subject token may carry as they are; everything else is escaped. */
const PLAIN = /^[A-Za-z0-9_-]$/;

function encodeToken(part: string): string {
  if (part === '') return '~';
  let out = '';
  for (const char of part) {
    if (PLAIN.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += '~' + byte.toString(16).padStart(2, '0');
  }
  return out;
}

/**
 * The NATS subject of a bus name (`poker/t-1/0xab` → `<prefix>.<space>.poker.t-1.0xab`): one token per
 * `/`-separated part, with `.`, `*`, `>`, spaces, `~` and anything beyond ASCII written `~` + UTF-8 hex,
 * and an empty part as `~`. Injective, so a member id may hold anything and still names one subject.
 * @example subjectOf('ac', 't', 'channel/42/ann.b') // 'ac.t.channel.42.ann~2eb'
 */
export function subjectOf(prefix: string, space: string, name: string): string {
  return `${prefix}.${space}.${name.split('/').map(encodeToken).join('.')}`;
}
