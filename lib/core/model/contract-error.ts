/** A model that does not match Model I/O v1 (contract.ts), with every problem found; no schema code, so the game's first scripts can name it. */
export class ContractError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`This model does not match Model I/O v1: ${problems.join('; ')}.`);
    this.name = 'ContractError';
  }
}
