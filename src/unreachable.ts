/**
 * Makes a `switch` over an enum exhaustive: the compiler rejects a call with a reachable value.
 * Its own module, so the pure policy code can use it without importing graphql (src/errors.ts).
 */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
