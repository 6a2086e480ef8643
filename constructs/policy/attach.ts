import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConstructOrder, IConstruct } from 'constructs';
import {
  AnnotationMetadataEntryType, App, Aspects, encounteredAnnotationWithLevelError, IAspect, invokeAspects, ISynthesisSession, TerraformStack,
  ValidateTerraformVersion,
} from '../core/cdktf';
import { invalid } from '../core/errors';
import { registerStackObserver } from '../core/facts';
import { stableJson } from '../core/stable-json';
import { duplicateLogicalId } from './context/cdktf-tree';
import { evaluateStack, failOnViolations, violationError } from './evaluate';
import { PolicyViolationError, StackEvaluation } from './model';
import { REPORT_DIR, REPORT_FILES } from './report/model';
import { writeReports } from './report/write';

/**
 * How the policy attaches to every stack that holds a tlsfleet construct, without the user
 * writing anything:
 *
 * - `app.synth()` (and so `cdktf synth`, `deploy`, `diff`): each stack's synthesizer is replaced by
 *   one that runs the stack's aspects and validations, renders the configuration Terraform will
 *   read and evaluates the policy on it, but writes nothing. Only when every stack of the app has
 *   been evaluated and passed are the stacks written, then the reports. When any stack fails,
 *   nothing is written and the reports of an earlier synth are removed, so no "pass" stays behind.
 * - `Testing.synth(stack)`: it renders the stack itself after running the aspects, so the policy's
 *   aspect makes that rendering evaluate and fail the same way.
 */

/** cdktf's per-construct synthesis hook (`addCustomSynthesis`), read the way cdktf reads it. */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');
const LEVELS: readonly string[] = [AnnotationMetadataEntryType.INFO, AnnotationMetadataEntryType.WARN, AnnotationMetadataEntryType.ERROR];

interface Synthesizer { synthesize(session: ISynthesisSession): void }
interface Rendered { readonly stack: TerraformStack; readonly session: ISynthesisSession; readonly config: Record<string, unknown> | undefined; readonly evaluation?: StackEvaluation; readonly inner: Synthesizer }

const attached = new WeakSet<TerraformStack>();
const patchedApps = new WeakSet<App>();
/** The synth in progress per app: the stacks it will synthesize, and what has been rendered so far. */
const runs = new WeakMap<IConstruct, { readonly expected: number; readonly rendered: Rendered[] }>();
const evaluations = new WeakMap<IConstruct, Map<string, StackEvaluation>>();
const renderOriginal = new WeakMap<TerraformStack, () => Record<string, unknown>>();

function attach(stack: TerraformStack): void {
  if (attached.has(stack)) return;
  attached.add(stack);
  Aspects.of(stack).add(new TestingHook(stack));
  defer(stack, true);
  const root = stack.node.root;
  if (App.isApp(root) && !patchedApps.has(root)) {
    patchedApps.add(root);
    const synth = root.synth.bind(root);
    // The whole app is one decision: every stack (with tlsfleet or not) is rendered before any is written.
    root.synth = (): void => {
      const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
      stacks.forEach((s) => defer(s, false));
      runs.set(root, { expected: stacks.length, rendered: [] });
      try {
        synth();
      } finally {
        runs.delete(root);
      }
    };
  }
}

registerStackObserver(attach);

/** Applies the tlsfleet policy to `scope`'s stack (tlsfleet constructs do this themselves). */
export function applyPolicy(scope: IConstruct): void {
  attach(TerraformStack.of(scope));
}

/** The evaluations of the stacks synthesized so far under `scope`'s app, by stack path. */
export function policyEvaluations(scope: IConstruct): StackEvaluation[] {
  const map = evaluations.get(scope.node.root);
  return map ? [...map.keys()].sort().map((k) => map.get(k)!) : [];
}

function defer(stack: TerraformStack, evaluate: boolean): void {
  const current = stack.synthesizer as Synthesizer;
  if (current instanceof DeferredSynthesizer) {
    if (evaluate) current.evaluate = true;
    return;
  }
  stack.synthesizer = new DeferredSynthesizer(stack, current, evaluate) as unknown as TerraformStack['synthesizer'];
}

class DeferredSynthesizer implements Synthesizer {
  constructor(private readonly stack: TerraformStack, private readonly inner: Synthesizer, public evaluate: boolean) {}

  public synthesize(session: ISynthesisSession): void {
    const root = this.stack.node.root;
    const run = runs.get(root) ?? { expected: 1, rendered: [] };
    let rendered: Rendered;
    try {
      rendered = this.render(session);
    } catch (e) {
      removeReports(session.outdir);
      throw e;
    }
    run.rendered.push(rendered);
    if (run.rendered.length < run.expected) return;
    const judged = run.rendered.filter((r) => r.evaluation !== undefined);
    const map = evaluations.get(root) ?? new Map<string, StackEvaluation>();
    judged.forEach((r) => map.set(r.stack.node.path, r.evaluation!));
    evaluations.set(root, map);
    const failures = judged.map((r) => violationError(r.evaluation!)).filter((e) => e !== undefined);
    if (failures.length) {
      removeReports(session.outdir);
      throw failures.length === 1 ? failures[0] : combine(failures);
    }
    for (const r of run.rendered) write(r);
    if (judged.length) writeReports(session.outdir, policyEvaluations(root));
  }

  private render(session: ISynthesisSession): Rendered {
    invokeAspects(this.stack);
    if (this.stack.hasResourceMove()) {
      // What cdktf's own synthesizer adds for `moved` blocks.
      this.stack.node.addValidation(new ValidateTerraformVersion('>=1.5', 'Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version.'));
    }
    if (!session.skipValidation) this.stack.runAllValidations();
    const twin = duplicateLogicalId(this.stack);
    if (twin) {
      invalid(twin.second, 'logical id', twin.address.replace(/^resource\./, ''),
        `must be unique in the stack: ${twin.first.node.path} already writes ${twin.address}, and cdk.tf.json would keep only one of them`);
    }
    const hcl = (this.inner as { hclOutput?: boolean }).hclOutput === true;
    const config = hcl ? undefined : render(this.stack);
    const evaluation = this.evaluate ? evaluateStack(this.stack, config ?? render(this.stack)) : undefined;
    return { stack: this.stack, session, config, evaluation, inner: this.inner };
  }
}

/** The stack's configuration as cdk.tf.json will hold it (bypassing the Testing hook). */
function render(stack: TerraformStack): Record<string, unknown> {
  return (renderOriginal.get(stack) ?? (() => stack.toTerraform() as Record<string, unknown>))();
}

/** What cdktf's StackSynthesizer does after validation: custom synthesis, annotations, the stack file. */
function write(r: Rendered): void {
  const { stack, session } = r;
  const stackManifest = session.manifest.forStack(stack);
  const workingDirectory = join(session.outdir, stackManifest.workingDirectory);
  if (!existsSync(workingDirectory)) mkdirSync(workingDirectory);
  for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) {
    (node as unknown as Record<symbol, { onSynthesize(s: ISynthesisSession): void } | undefined>)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
  }
  const annotations = stack.node.findAll().flatMap((node) => node.node.metadata
    .filter((m) => LEVELS.includes(m.type))
    .map((m) => ({ constructPath: node.node.path, level: m.type, message: m.data, stacktrace: m.trace })));
  (stackManifest as { annotations: unknown }).annotations = annotations;
  const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
  const inner = r.inner as { continueOnErrorAnnotations?: boolean };
  if (!inner.continueOnErrorAnnotations && errors.length) {
    throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n'));
  }
  if (r.config === undefined) {
    const hcl = stack.toHclTerraform();
    writeFileSync(join(session.outdir, stackManifest.synthesizedStackPath), hcl.hcl);
    writeFileSync(join(session.outdir, stackManifest.stackMetadataPath!), stableJson(hcl.metadata));
    return;
  }
  // The bytes cdktf's own writer (json-stable-stringify) gives, written faster (core/stable-json.ts).
  writeFileSync(join(session.outdir, stackManifest.synthesizedStackPath), stableJson(r.config));
}

function removeReports(outdir: string): void {
  for (const f of REPORT_FILES) rmSync(join(outdir, REPORT_DIR, f), { force: true });
}

function combine(errors: readonly PolicyViolationError[]): PolicyViolationError {
  return new PolicyViolationError(errors.map((x) => x.stackPath).join(', '), errors.flatMap((x) => x.violations), errors.map((x) => x.message).join('\n\n'));
}

/** Makes `Testing.synth(stack)`, which renders the stack right after its aspects, evaluate the policy. */
class TestingHook implements IAspect {
  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (node !== this.stack || renderOriginal.has(this.stack)) return;
    const stack = this.stack;
    const original = stack.toTerraform.bind(stack) as () => Record<string, unknown>;
    renderOriginal.set(stack, original);
    stack.toTerraform = (): Record<string, unknown> => {
      const config = original();
      failOnViolations(evaluateStack(stack, config));
      return config;
    };
  }
}
