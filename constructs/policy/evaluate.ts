import { TerraformStack } from '../core/cdktf';
import { compareCodeUnits as cmp } from '../core/order';
import { buildContext } from './context/build';
import { PolicyViolationError, RuleResult, StackEvaluation } from './model';
import { RULES } from './rules';
import { settingsOf } from './settings';
import { findWaiver, waiversOf } from './waiver';

export function failOnViolations(e: StackEvaluation): void {
  const error = violationError(e);
  if (error) throw error;
}

/** The synth failure for `e`, or undefined when every violation is waived and every waiver used. */
export function violationError(e: StackEvaluation): PolicyViolationError | undefined {
  const open = e.results.flatMap((r) => r.violations.filter((v) => !v.waiver).map((v) => ({ rule: r.rule, ...v })));
  const stale = e.waivers.filter((w) => w.uses === 0);
  if (open.length === 0 && stale.length === 0) return undefined;
  const lines = [`tlsfleet policy: stack ${e.stack.node.path} has ${open.length} violation(s) without a waiver and ${stale.length} waiver(s) that cover nothing.`];
  for (const v of open) {
    lines.push(`  [${v.rule.id}] ${v.path}: ${v.message}.`);
    lines.push(`      ${v.rule.title} (${v.rule.severity}). Fix: ${v.rule.fix}`);
  }
  for (const w of stale) {
    lines.push(`  [${w.record.ruleId}] ${w.record.path}: the waiver covers no violation of ${w.record.ruleId}; remove it, so it cannot approve a later change unseen.`);
  }
  lines.push(`  Waive a rule on the construct that needs it: waive(construct, '<rule id>', { reason: '<why this is acceptable here>' }).`);
  return new PolicyViolationError(e.stack.node.path, [
    ...open.map((v) => ({ ruleId: v.rule.id, path: v.path, message: v.message })),
    ...stale.map((w) => ({ ruleId: w.record.ruleId, path: w.record.path, message: 'waiver covers no violation' })),
  ], lines.join('\n'));
}

/** Evaluates every rule on `stack` (without failing); the Aspect calls this at synth. */
export function evaluateStack(stack: TerraformStack, config: Record<string, unknown>): StackEvaluation {
  const ctx = buildContext(stack, settingsOf(stack), config);
  const waivers = waiversOf(stack).map((record) => ({ record, uses: 0 }));
  const usesByRecord = new Map(waivers.map((w) => [w.record, w]));
  const results: RuleResult[] = RULES.map((rule) => {
    const o = rule.check(ctx);
    const violations = o.violations.map((v) => {
      const waiver = findWaiver(v.construct, rule.id, stack);
      if (waiver) (usesByRecord.get(waiver) as { uses: number }).uses++;
      return { path: v.construct.node.path, message: v.message, waiver };
    }).sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message));
    const undecided = o.undecided.map((u) => ({ path: u.construct.node.path, message: u.message }))
      .sort((a, b) => cmp(a.path, b.path) || cmp(a.message, b.message));
    const status: RuleResult['status'] = violations.some((v) => !v.waiver) ? 'fail'
      : violations.length ? 'waived'
        : o.checked === 0 ? 'not applicable' : 'pass';
    return { rule, status, checked: o.checked, violations, undecided };
  });
  return {
    stack,
    stackName: stack.node.id,
    settings: ctx.settings,
    results,
    waivers: waivers.sort((a, b) => cmp(a.record.path, b.record.path) || cmp(a.record.ruleId, b.record.ruleId)),
    facts: ctx.allFacts,
    unmanagedCertificates: ctx.unmanagedCertificates,
    deliveries: ctx.deliveries,
  };
}
