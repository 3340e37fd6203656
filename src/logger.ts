import pino from "pino";
import type { DestinationStream } from "pino";
import pretty from "pino-pretty";
import type { LogFormat, LogLevel } from "./config";

export type Logger = pino.Logger;

// Said in the line's message part instead of as fields: what a person scans a request line for.
const LEADING_FIELDS = ["requestId", "operation"];

/**
 * JSON lines on stdout (or `destination`, for tests): one per operation with its request id,
 * plus start-up lines and the originals of masked errors. `pretty` writes the same records as
 * pino-pretty's lines instead, formatted as they are written, in this process (pino's
 * worker-thread transport would be one more thread and an asynchronous flush at exit, for a
 * format meant for a developer's terminal):
 *
 *     [19:58:01.234] INFO: [3f2a9c4e-…] query.whoServes graphql request {"outcome":"ok",…}
 */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  format: LogFormat = "json",
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "csp-graph" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === "pretty") {
    const prettify = pretty.prettyFactory({
      // Colours only where they are shown: at a terminal, never into a test's buffer.
      colorize: destination === undefined && process.stdout.isTTY === true,
      singleLine: true,
      translateTime: "HH:MM:ss.l",
      ignore: ["pid", "hostname", "service", ...LEADING_FIELDS].join(","),
      messageFormat: prettyMessage,
    });
    const out = destination ?? pino.destination(1);
    return pino(options, { write: (line: string) => out.write(prettify(line)) });
  }
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** `[requestId] operation message`, with whichever of the first two the line has. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const parts: string[] = [];
  if (typeof log.requestId === "string") parts.push(`[${log.requestId}]`);
  if (typeof log.operation === "string") parts.push(log.operation);
  const message = log[messageKey];
  if (typeof message === "string") parts.push(message);
  return parts.join(" ");
}
