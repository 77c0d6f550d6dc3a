/** Node's socket errors that mean the database host is not reachable (or went away). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** SQLSTATEs of a server that is going, gone, full or too slow (not of a bad query). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/** pg's own messages for a connection it lost or could not open in time. */
const LOST = /connection terminated|not queryable|timeout exceeded when trying to connect|connection error/i;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

const codesOf = (error: unknown): string[] => {
  const e = (error ?? {}) as ErrorLike;
  const own = typeof e.code === 'string' ? [e.code] : [];
  // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
  const inner = Array.isArray(e.errors) ? e.errors.flatMap(codesOf) : [];
  return [...own, ...inner];
};

/** Whether `error` says the database is unreachable or went away, as opposed to a refused query. */
export function isConnectionLoss(error: unknown): boolean {
  const codes = codesOf(error);
  if (codes.some((code) => NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true;
  return LOST.test(String((error as ErrorLike | undefined)?.message ?? ''));
}

/** `user@host:port/database` of a connection URL (never its password). */
export function describeTarget(url: string): { where: string; user: string; database: string } {
  const parsed = new URL(url);
  const host = parsed.hostname || 'localhost';
  const port = parsed.port || '5432';
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
  return { where: `${host}:${port}`, user, database };
}

/**
 * One line saying why the store could not connect at start-up: unreachable, wrong
 * password, unknown user or database — what an operator fixes, without a stack trace.
 */
export function describeStartupError(error: unknown, url: string): string {
  const { where, user, database } = describeTarget(url);
  const codes = codesOf(error);
  const message = String((error as ErrorLike | undefined)?.message ?? error).split('\n')[0];
  if (codes.includes('28P01')) return `database: PostgreSQL at ${where} refused the password for user "${user}"`;
  if (codes.includes('28000')) return `database: PostgreSQL at ${where} refused user "${user}": ${message}`;
  if (codes.includes('3D000')) return `database: database "${database}" does not exist on PostgreSQL at ${where}`;
  const network = codes.find((code) => NETWORK_CODES.has(code));
  if (network) return `database: cannot reach PostgreSQL at ${where} (${network})`;
  if (isConnectionLoss(error)) return `database: cannot reach PostgreSQL at ${where} (${message})`;
  return `database: PostgreSQL at ${where}: ${message}`;
}
