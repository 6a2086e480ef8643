// Preloaded (`node -r`) into every process the benchmark times, tlsfleet and baseline alike: at exit it
// writes the process's peak RSS and CPU time, the phase timestamps the app recorded, and the time
// spent in tlsfleet's policy (its evaluation of each stack and its report writing) as JSON to
// $BENCH_USAGE_FILE.
'use strict';
const { writeFileSync } = require('node:fs');
const Module = require('node:module');

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  const policy = { ms: 0, calls: 0 };
  // The policy's two entry points, as attach.js requires them ('./evaluate', './report/write'). cdktf
  // code calls them through the module's exports, so a wrapper there times every call.
  const timed = { evaluate: ['evaluateStack'], write: ['writeReports'] };
  const load = Module._load;
  Module._load = function loadAndTime(request, parent, isMain) {
    const exports = load.call(this, request, parent, isMain);
    const name = request.split('/').pop();
    if (timed[name] && parent && /[\\/]constructs[\\/]policy[\\/]/.test(parent.filename ?? '')) {
      for (const fn of timed[name]) {
        const inner = exports[fn];
        if (typeof inner !== 'function' || inner.benchTimed) continue;
        const wrapper = function (...args) {
          const start = performance.now();
          try {
            return inner.apply(this, args);
          } finally {
            policy.ms += performance.now() - start;
            policy.calls++;
          }
        };
        wrapper.benchTimed = true;
        exports[fn] = wrapper;
      }
    }
    return exports;
  };
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({
      code,
      maxRssKb: usage.maxRSS,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      uptimeMs: performance.now(),
      phases: globalThis.benchPhases ?? [],
      policyMs: policy.ms,
      policyCalls: policy.calls,
    }));
  });
}
