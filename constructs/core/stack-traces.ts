// cdktf records a full JavaScript stack trace for every token it creates (each attribute reference,
// each Lazy value): `captureStackTrace` in cdktf/lib/tokens/private/stack-trace, called through the
// module's exports at every use (`(0, stack_trace_1.captureStackTrace)()`), so replacing the export
// takes effect everywhere. The traces are read only to decorate cdktf's own error messages about a
// token that cannot be resolved; they cost 15 to 27% of synth time and about 30% of peak memory on a
// fleet (docs/performance.md). tlsfleet's own errors name the construct path, the field and the
// value, and need no trace.
//
// Scope: the whole Node.js process, from the moment tlsfleet is loaded (a token created by user code
// is a cdktf token like any other). TLSFLEET_STACK_TRACES=1 in the environment keeps cdktf's
// behaviour, for debugging an unresolvable-token error. cdktf 0.21 is archived, so this patch point
// cannot move under tlsfleet; test/app/stack-traces.test.ts checks it still takes effect.

/** The environment variable that keeps cdktf's per-token stack traces on. */
export const STACK_TRACES_ENV = 'TLSFLEET_STACK_TRACES';

interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const NO_TRACE: string[] = [];
// Frozen: a caller that pushes onto the trace it got back cannot change what the next caller gets.
Object.freeze(NO_TRACE);

/** True when cdktf's stack-trace capture is switched off in this process. */
export function stackTracesOff(): boolean {
  return (traceModule().captureStackTrace as { tlsfleet?: boolean }).tlsfleet === true;
}

function traceModule(): StackTraceModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('cdktf/lib/tokens/private/stack-trace') as StackTraceModule;
}

function noTrace(): string[] {
  return NO_TRACE;
}
noTrace.tlsfleet = true;

/** Applied once at load (below); idempotent, so two copies of tlsfleet in one process agree. */
function switchOffStackTraces(env: NodeJS.ProcessEnv): void {
  if (env[STACK_TRACES_ENV] === '1') return;
  const m = traceModule();
  if (typeof m.captureStackTrace !== 'function') {
    // A cdktf whose private module changed shape: keep its behaviour rather than guess.
    return;
  }
  m.captureStackTrace = noTrace;
}

switchOffStackTraces(process.env);
