/**
 * Progress for long commands: a bar with rows/s redrawn in place on a terminal, plain lines
 * (at most one every few seconds) when the output is a file or a pipe.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastLine = 0;
  let lastPhase = "";
  return {
    update(phase: string, done: number, total: number): void {
      const now = Date.now();
      const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        stream.write(
          `\r${phase.padEnd(9)} [${"=".repeat(filled)}${" ".repeat(width - filled)}] ${percent}% ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} rows, ${rate.toLocaleString("en-US")} rows/s `,
        );
        if (done >= total) stream.write("\n");
        return;
      }
      if (phase !== lastPhase || now - lastLine >= 5_000 || done >= total) {
        stream.write(`${phase}: ${done}/${total} rows (${percent}%), ${rate} rows/s\n`);
        lastLine = now;
        lastPhase = phase;
      }
    },
    elapsedSeconds(): number {
      return (Date.now() - started) / 1000;
    },
  };
}
