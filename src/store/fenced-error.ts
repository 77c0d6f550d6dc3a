/**
 * A write or a fenced recovery whose fence is older than the newest the store has seen for
 * the address: another node took the actor over (its ownership lease has a later revision),
 * and this writer MUST stop serving it.
 */
export class FencedError extends Error {
  constructor(address: string, fence: number) {
    super(`store: ${address} is fenced past ${fence}: another owner took it over`);
    this.name = 'FencedError';
  }
}
