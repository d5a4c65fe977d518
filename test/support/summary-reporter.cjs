// Mocha reporter: the usual spec output, plus the counts written as JSON to the file named by
// ZKVAULT_TEST_SUMMARY, which scripts/test-all.mjs sums with the other runners.
const { writeFileSync } = require("node:fs");
const Mocha = require("mocha");

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once("end", () => {
      const file = process.env.ZKVAULT_TEST_SUMMARY;
      if (!file) return;
      const { passes, failures, pending } = runner.stats ?? this.stats;
      writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
    });
  }
}
module.exports = SummaryReporter;
