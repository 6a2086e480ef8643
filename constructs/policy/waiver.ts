import { IConstruct } from 'constructs';
import { TerraformStack } from '../core/cdktf';
import { invalid } from '../core/errors';
import { observe } from '../core/facts';
import { checkProps } from '../core/props';
import { checkApprover, checkReason } from '../core/reason';
import { ruleById, RULES } from './rules';
import { Waiver, WaiverRecord } from './waiver-record';

export type { Waiver, WaiverRecord } from './waiver-record';

const waiversByStack = new WeakMap<TerraformStack, WaiverRecord[]>();
const waiversByScope = new WeakMap<IConstruct, WaiverRecord[]>();

export { MIN_REASON_LENGTH as MIN_WAIVER_REASON_LENGTH, MIN_REASON_WORDS as MIN_WAIVER_REASON_WORDS } from '../core/reason';

/** Rejects a waiver that is not `{ reason, approvedBy? }` with a reason of substance (see checkReason). */
export function checkWaiver(scope: IConstruct, field: string, waiver: Waiver | undefined, ruleId?: string): void {
  checkProps(scope, field, waiver, ['reason', 'approvedBy'], 'a waiver { reason, approvedBy? }');
  checkReason(scope, `${field}.reason`, waiver.reason, ruleId);
  if (waiver.approvedBy !== undefined) checkApprover(scope, `${field}.approvedBy`, waiver.approvedBy);
}

/**
 * Waives rule `ruleId` for `scope` and everything below it, with a reason a reviewer can check.
 * The waiver shows in every report; a waiver that covers no violation fails synth, so an
 * exception cannot outlive the setting it was granted for.
 */
export function waive(scope: IConstruct, ruleId: string, waiver: Waiver): void {
  const rule = ruleById(ruleId);
  if (!rule) invalid(scope, 'waive.ruleId', ruleId, `must be one of the tlsfleet rule ids ${RULES.map((r) => r.id).join(', ')}`);
  checkWaiver(scope, `waive(${ruleId})`, waiver, ruleId);
  let stack: TerraformStack;
  try {
    stack = TerraformStack.of(scope);
  } catch {
    invalid(scope, 'waive.scope', scope.node.path || '(app)', 'must be a construct inside a stack: a waiver covers one construct and its children');
  }
  const existing = waiversByScope.get(scope) ?? [];
  if (existing.some((w) => w.ruleId === ruleId)) invalid(scope, `waive(${ruleId})`, ruleId, 'must be waived once per construct');
  const record: WaiverRecord = { ruleId, reason: waiver.reason.trim(), approvedBy: waiver.approvedBy?.trim(), scope, path: scope.node.path };
  waiversByScope.set(scope, [...existing, record]);
  waiversByStack.set(stack, [...(waiversByStack.get(stack) ?? []), record]);
  observe(stack);
}

/** The waivers declared in `stack`, in declaration order. */
export function waiversOf(stack: TerraformStack): readonly WaiverRecord[] {
  return waiversByStack.get(stack) ?? [];
}

/** The waiver of `ruleId` on `construct` or its nearest ancestor within `stack`. */
export function findWaiver(construct: IConstruct, ruleId: string, stack: TerraformStack): WaiverRecord | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = waiversByScope.get(scopes[i])?.find((w) => w.ruleId === ruleId);
    if (hit) return hit;
    if (scopes[i] === stack) break;
  }
  return undefined;
}

