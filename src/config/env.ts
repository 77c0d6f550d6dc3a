/** Reading settings from the environment, with named defaults. */
export type Env = Record<string, string | undefined>;

/** A non-negative integer setting; a malformed value fails at startup, not later. */
export function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`config: ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** A number setting (may be fractional), e.g. a probability. */
export function num(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`config: ${name} must be a number, got "${raw}"`);
  return value;
}

export function str(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

export function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`config: ${name} must be true/false, got "${raw}"`);
}
