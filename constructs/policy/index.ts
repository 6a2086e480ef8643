// The policy's public API: settings, waivers, the rules and the report's shape. How it attaches,
// evaluates and writes stays internal.
export { configurePolicy } from './settings';
export { waive, MIN_WAIVER_REASON_LENGTH, MIN_WAIVER_REASON_WORDS } from './waiver';
export type { Waiver } from './waiver';
export { PolicyViolationError, Severity, DEFAULT_POLICY_SETTINGS } from './model';
export type { PolicyRule, PolicySettings, ResolvedPolicySettings, RuleResult, StackEvaluation } from './model';
export { RULES, ruleById } from './rules';
export { REPORT_DIR, REPORT_JSON, REPORT_MARKDOWN, REPORT_SARIF } from './report/model';
export type { CertificateEntry, PolicyReport, StackReport } from './report/model';
export { applyPolicy, policyEvaluations } from './attach';
