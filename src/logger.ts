import pino from "pino";
import type { DestinationStream } from "pino";
import type { LogLevel } from "./config";

export type Logger = pino.Logger;

/**
 * JSON lines on stdout (or `destination`, for tests): one per operation with its request id,
 * plus start-up lines and the originals of masked errors.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "csp-graph" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
