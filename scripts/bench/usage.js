// Preloaded (`node -r`) into every process the benchmark times, tlsfleet and baseline alike: at exit it
// writes the process's peak RSS and CPU time, and the phase timestamps the app recorded, as JSON to
// $BENCH_USAGE_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({
      code,
      maxRssKb: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      uptimeMs: performance.now(),
      phases: globalThis.benchPhases ?? [],
    }));
  });
}
