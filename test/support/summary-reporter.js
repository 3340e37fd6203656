// Prints one plain closing line, "N passed, N failed", after jest's own summary, so CI logs end
// with a count any reader (or script) can take in at a glance.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line =
      `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed` +
      (skipped > 0 ? `, ${skipped} skipped` : "");
    // After jest's own summary, which the default reporter prints later in the same tick.
    process.once("exit", () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
