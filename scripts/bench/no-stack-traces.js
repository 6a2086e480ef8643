// Preloaded (`node -r`) into the hand-written baseline's "stack traces off" runs: the same switch
// tlsfleet makes when it loads (constructs/core/stack-traces.ts), so `npm run bench` can show
// tlsfleet's own cost against hand-written cdktf with the same stack-trace setting.
'use strict';
const traces = require('cdktf/lib/tokens/private/stack-trace');

const none = Object.freeze([]);
traces.captureStackTrace = () => none;
