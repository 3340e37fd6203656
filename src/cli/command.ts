import { ConfigError } from "../config";
import { LocalNeo4jError } from "../db/local-neo4j";

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandErrors {
  /** Errors to print as one line, besides a bad setting and a local Neo4j that cannot start. */
  known?: readonly ErrorClass[];
  /** A wrong command line: its message and the usage text, and exit status 2. */
  usage?: { error: ErrorClass; text: string };
}

/**
 * Runs a command's `main` and exits with the status it resolves to. An error the user can act on
 * is one line after the command's name, with status 1; anything else is printed whole (a bug to
 * report, with its stack).
 */
export function runCommand(
  name: string,
  main: () => Promise<number>,
  { known = [], usage }: CommandErrors = {},
): void {
  main().then(
    (status) => process.exit(status),
    (error: unknown) => {
      if (usage !== undefined && error instanceof usage.error) {
        console.error(`${error.message}\n${usage.text}`);
        process.exit(2);
      }
      const explained = [ConfigError, LocalNeo4jError, ...known].some(
        (kind) => error instanceof kind,
      );
      console.error(explained ? `${name}: ${(error as Error).message}` : error);
      process.exit(1);
    },
  );
}
