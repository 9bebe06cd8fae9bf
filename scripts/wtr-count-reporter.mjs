// A @web/test-runner reporter that writes `{ passed, failed }` as JSON for the test summary.
// A test file that fails to load, or a browser that crashes, counts as a failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function countSuite(suite, counts) {
  for (const test of suite.tests) {
    if (test.skipped) continue;
    if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite.suites) countSuite(child, counts);
}

export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        // Errors outside any test (load failure, crash) fail the file.
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed++;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(counts));
    },
  };
}
