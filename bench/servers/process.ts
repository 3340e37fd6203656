/**
 * The protocol between the benchmark and the servers it starts as child processes: a server
 * prints one `BENCH_SERVER_READY <url>` line when it listens, and stops on SIGTERM, or when its
 * stdin closes (the benchmark died without the chance to send SIGTERM).
 */
export const READY_PREFIX = "BENCH_SERVER_READY ";

export function announce(url: string): void {
  process.stdout.write(`${READY_PREFIX}${url}\n`);
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

/** Runs `stop` once, on SIGTERM, SIGINT or the end of stdin, then exits. */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // A stop that hangs must not keep the benchmark waiting: exit regardless after a while.
    setTimeout(() => process.exit(0), 10_000).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  process.stdin.on("end", shutdown);
  process.stdin.on("error", shutdown);
  process.stdin.resume();
}
