// Prints one line per suite and the closing `N passed, N failed` over all of them.
// Exit code 1 when anything failed or a suite left no result (it crashed before reporting).
import { readFileSync } from 'node:fs';

const [resultsDir, ...suites] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const suite of suites) {
  let result;
  try {
    result = JSON.parse(readFileSync(`${resultsDir}/${suite}.json`, 'utf8'));
  } catch {
    result = { passed: 0, failed: 1, note: 'no result (the suite crashed or did not run)' };
  }
  passed += result.passed;
  failed += result.failed;
  console.log(`  ${suite.padEnd(12)} ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
