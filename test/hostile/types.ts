/** What a successful synth left behind, for `safe` checks. */
export interface SynthOut {
  readonly outdir: string;
  /** The installed tlsfleet package. */
  readonly lib: any;
  /** What `build` returned. */
  readonly built: any;
  /** `stacks/hostile/cdk.tf.json`, parsed. */
  readonly json: any;
  /** Every stack's cdk.tf.json, parsed, by stack directory name. */
  readonly stacks: Record<string, any>;
  /** Every report found under the outdir (wherever the library writes them). */
  readonly reports: { readonly md: string[]; readonly json: any[]; readonly sarif: any[] };
}

export interface RejectExpectation {
  /** The field the message must name. */
  readonly field: RegExp | string;
  /** The bad value the message must show. */
  readonly value?: RegExp | string;
  /** What the message must say is allowed. @default - a "must …" / "allowed" / "Fix:" phrase */
  readonly allowed?: RegExp;
  /** The construct path the message must name. @default - a path under the stack `hostile/` */
  readonly path?: RegExp | string;
  /** The error class, when only one is right (policy cases: PolicyViolationError). @default - either */
  readonly error?: 'TlsfleetValidationError' | 'PolicyViolationError';
  /** A policy rule id the message must name. */
  readonly rule?: RegExp;
}

export type Expectation = { readonly reject: RejectExpectation } | { readonly safe: (out: SynthOut) => void };

export interface HostileCase {
  readonly id: string;
  readonly class: string;
  readonly description: string;
  /**
   * Builds the hostile declaration into `stack` (id `hostile`, with a default KubernetesProvider) of `app`
   * (a fresh temporary outdir). The harness then runs `app.synth()`.
   */
  readonly build: (lib: any, stack: any, app: any) => unknown;
  readonly expect: Expectation;
  /** Runs first, into the same outdir (a passing synth whose files must not survive as a stale pass). */
  readonly prepare?: (lib: any, outdir: string) => void;
}

/** One case's outcome, one line for the summary. */
export interface CaseResult {
  readonly id: string;
  readonly class: string;
  readonly ok: boolean;
  readonly actual: string;
}
