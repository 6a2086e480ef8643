import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { checkLabels } from '../core/kubernetes-metadata';
import { checkArray, checkEnum, checkFiniteNumber, checkProps } from '../core/props';
import { checkDns1123Label, checkK8sName, checkText, isLiteral } from '../core/validate';
import { checkQualifiedName } from './private/kubernetes-names';
import { compact, Json } from './private/render';

/** Operators of a node selector requirement. */
export enum NodeSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
  /** Greater than the single integer value. */
  GT = 'Gt',
  /** Less than the single integer value. */
  LT = 'Lt',
}

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  EQUAL = 'Equal',
  /** Any value; with no key, every taint. */
  EXISTS = 'Exists',
}

/** The effect of a taint. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** A Kubernetes toleration. */
export interface Toleration {
  /** The taint key. @default - every key (requires `TolerationOperator.EXISTS`) */
  readonly key?: string;
  /** @default TolerationOperator.EQUAL */
  readonly operator?: TolerationOperator;
  /** The taint value; none with `EXISTS`. @default - empty */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: TaintEffect;
  /** How long a NoExecute taint is tolerated. @default - forever */
  readonly tolerationSeconds?: number;
}

/** One node selector requirement, for example `topology.kubernetes.io/zone In [eu-west-1a]`. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  /** Values for In/NotIn (at least one) and Gt/Lt (exactly one integer); none otherwise. @default [] */
  readonly values?: string[];
}

/** Requirements that must all hold (AND). */
export interface NodeSelectorTerm {
  /** On node labels. @default [] */
  readonly matchExpressions?: NodeSelectorRequirement[];
  /** On node fields. @default [] */
  readonly matchFields?: NodeSelectorRequirement[];
}

/** A preferred node selector term with a weight from 1 to 100. */
export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

/** Node affinity: `required` terms are ORed; `preferred` terms add weights. */
export interface NodeAffinity {
  /** `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`. @default - none */
  readonly required?: NodeSelectorTerm[];
  /** `preferredDuringSchedulingIgnoredDuringExecution`. @default - none */
  readonly preferred?: PreferredSchedulingTerm[];
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator;
  /** Values for In/NotIn (at least one); none otherwise. @default [] */
  readonly values?: string[];
}

export interface LabelSelector {
  /** @default - none */
  readonly matchLabels?: Record<string, string>;
  /** @default - none */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** Pods matching `labelSelector` in the same `topologyKey` domain. */
export interface PodAffinityTerm {
  /** For example `kubernetes.io/hostname`. */
  readonly topologyKey: string;
  /** @default - no pods */
  readonly labelSelector?: LabelSelector;
  /** @default - the pod's own namespace */
  readonly namespaces?: string[];
  /** @default - the pod's own namespace */
  readonly namespaceSelector?: LabelSelector;
}

export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}

/** Pod (anti-)affinity: `required` terms must all hold; `preferred` terms add weights. */
export interface PodAffinity {
  /** @default - none */
  readonly required?: PodAffinityTerm[];
  /** @default - none */
  readonly preferred?: WeightedPodAffinityTerm[];
}

/** Where a rack's pods may run: `racks[].placement`. */
export interface RackPlacement {
  /** @default - any node */
  readonly nodeAffinity?: NodeAffinity;
  /** @default - none */
  readonly podAffinity?: PodAffinity;
  /** @default - none */
  readonly podAntiAffinity?: PodAffinity;
  /** @default - none */
  readonly tolerations?: Toleration[];
}

const PLACEMENT_PROPS = ['nodeAffinity', 'podAffinity', 'podAntiAffinity', 'tolerations'] as const;
const NODE_AFFINITY_PROPS = ['required', 'preferred'] as const;
const NODE_TERM_PROPS = ['matchExpressions', 'matchFields'] as const;
const PREFERRED_NODE_TERM_PROPS = ['weight', 'preference'] as const;
const REQUIREMENT_PROPS = ['key', 'operator', 'values'] as const;
const POD_AFFINITY_PROPS = ['required', 'preferred'] as const;
const POD_TERM_PROPS = ['topologyKey', 'labelSelector', 'namespaces', 'namespaceSelector'] as const;
const WEIGHTED_POD_TERM_PROPS = ['weight', 'podAffinityTerm'] as const;
const SELECTOR_PROPS = ['matchLabels', 'matchExpressions'] as const;
const TOLERATION_PROPS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'] as const;
/** A label value (taint values are label values too). */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Rejects placements the API server or scheduler would refuse. */
export function validatePlacement(scope: IConstruct, field: string, p: RackPlacement): void {
  checkProps(scope, field, p, PLACEMENT_PROPS, 'a RackPlacement { nodeAffinity?, podAffinity?, podAntiAffinity?, tolerations? }');
  list(scope, `${field}.tolerations`, p.tolerations).forEach((t, i) => validateToleration(scope, `${field}.tolerations[${i}]`, t as Toleration));
  if (p.nodeAffinity !== undefined) {
    const a = `${field}.nodeAffinity`;
    checkProps(scope, a, p.nodeAffinity, NODE_AFFINITY_PROPS, 'a NodeAffinity { required?, preferred? }');
    list(scope, `${a}.required`, p.nodeAffinity.required).forEach((t, i) => validateNodeTerm(scope, `${a}.required[${i}]`, t as NodeSelectorTerm));
    list(scope, `${a}.preferred`, p.nodeAffinity.preferred).forEach((t, i) => {
      const at = `${a}.preferred[${i}]`;
      checkProps(scope, at, t, PREFERRED_NODE_TERM_PROPS, 'a PreferredSchedulingTerm { weight, preference }');
      checkWeight(scope, `${at}.weight`, t.weight);
      validateNodeTerm(scope, `${at}.preference`, t.preference as NodeSelectorTerm);
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = p[kind];
    if (a === undefined) continue;
    checkProps(scope, `${field}.${kind}`, a, POD_AFFINITY_PROPS, 'a PodAffinity { required?, preferred? }');
    list(scope, `${field}.${kind}.required`, a.required).forEach((t, i) => validatePodTerm(scope, `${field}.${kind}.required[${i}]`, t as PodAffinityTerm));
    list(scope, `${field}.${kind}.preferred`, a.preferred).forEach((t, i) => {
      const at = `${field}.${kind}.preferred[${i}]`;
      checkProps(scope, at, t, WEIGHTED_POD_TERM_PROPS, 'a WeightedPodAffinityTerm { weight, podAffinityTerm }');
      checkWeight(scope, `${at}.weight`, t.weight);
      validatePodTerm(scope, `${at}.podAffinityTerm`, t.podAffinityTerm as PodAffinityTerm);
    });
  }
}

/** An optional list: absent is empty. */
function list(scope: IConstruct, field: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  checkArray(scope, field, value);
  return value;
}

function validateToleration(scope: IConstruct, field: string, t: Toleration): void {
  checkProps(scope, field, t, TOLERATION_PROPS, 'a Toleration { key?, operator?, value?, effect?, tolerationSeconds? }');
  const operator = t.operator ?? TolerationOperator.EQUAL;
  checkEnum(scope, `${field}.operator`, operator, TolerationOperator, 'TolerationOperator');
  if (t.effect !== undefined) checkEnum(scope, `${field}.effect`, t.effect, TaintEffect, 'TaintEffect');
  if (t.key !== undefined && t.key !== '') checkQualifiedName(scope, `${field}.key`, t.key, 'a taint key', 'dedicated or example.com/scylla');
  if (!t.key && operator !== TolerationOperator.EXISTS) {
    invalid(scope, `${field}.operator`, operator, 'must be Exists when `key` is empty (a toleration of every taint)');
  }
  if (t.value !== undefined) {
    checkText(scope, `${field}.value`, t.value, { what: 'a taint value', max: 63, allowEmpty: true });
    if (isLiteral(t.value) && !LABEL_VALUE.test(t.value)) {
      invalid(scope, `${field}.value`, t.value, 'must be a taint value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric');
    }
  }
  if (operator === TolerationOperator.EXISTS && t.value) {
    invalid(scope, `${field}.value`, t.value, 'must be empty with operator Exists');
  }
  if (t.tolerationSeconds !== undefined) {
    checkFiniteNumber(scope, `${field}.tolerationSeconds`, t.tolerationSeconds, 'a whole number of seconds');
    if (isLiteral(t.tolerationSeconds) && !Number.isSafeInteger(t.tolerationSeconds)) {
      invalid(scope, `${field}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds');
    }
    if (t.effect !== TaintEffect.NO_EXECUTE) invalid(scope, `${field}.tolerationSeconds`, t.tolerationSeconds, 'is only allowed with effect NoExecute');
  }
}

function validateNodeTerm(scope: IConstruct, field: string, term: NodeSelectorTerm): void {
  checkProps(scope, field, term, NODE_TERM_PROPS, 'a NodeSelectorTerm { matchExpressions?, matchFields? }');
  const expressions = list(scope, `${field}.matchExpressions`, term.matchExpressions);
  const fields = list(scope, `${field}.matchFields`, term.matchFields);
  if (expressions.length + fields.length === 0) invalid(scope, field, term, 'must hold at least one of `matchExpressions` or `matchFields`');
  expressions.forEach((r, i) => validateRequirement(scope, `${field}.matchExpressions[${i}]`, r, NodeSelectorOperator, 'NodeSelectorOperator', 'label'));
  fields.forEach((r, i) => validateRequirement(scope, `${field}.matchFields[${i}]`, r, NodeSelectorOperator, 'NodeSelectorOperator', 'field'));
}

function validatePodTerm(scope: IConstruct, field: string, term: PodAffinityTerm): void {
  checkProps(scope, field, term, POD_TERM_PROPS, 'a PodAffinityTerm { topologyKey, labelSelector?, namespaces?, namespaceSelector? }');
  if (!term.topologyKey) invalid(scope, `${field}.topologyKey`, term.topologyKey, 'must name a node label such as kubernetes.io/hostname');
  checkQualifiedName(scope, `${field}.topologyKey`, term.topologyKey, 'a node label', 'kubernetes.io/hostname');
  list(scope, `${field}.namespaces`, term.namespaces).forEach((n, i) => checkDns1123Label(scope, `${field}.namespaces[${i}]`, n as string));
  for (const sel of ['labelSelector', 'namespaceSelector'] as const) {
    const selector = term[sel];
    if (selector === undefined) continue;
    checkProps(scope, `${field}.${sel}`, selector, SELECTOR_PROPS, 'a LabelSelector { matchLabels?, matchExpressions? }');
    checkLabels(scope, `${field}.${sel}.matchLabels`, selector.matchLabels);
    list(scope, `${field}.${sel}.matchExpressions`, selector.matchExpressions).forEach((r, i) =>
      validateRequirement(scope, `${field}.${sel}.matchExpressions[${i}]`, r, LabelSelectorOperator, 'LabelSelectorOperator', 'label'));
  }
}

/** A requirement on labels (values are label values) or on node fields (`metadata.name`: values are node names). */
function validateRequirement(
  scope: IConstruct, field: string, value: unknown, operators: Record<string, string>, enumName: string, on: 'label' | 'field',
): void {
  checkProps(scope, field, value, REQUIREMENT_PROPS, 'a requirement { key, operator, values? }');
  const r = value as unknown as NodeSelectorRequirement | LabelSelectorRequirement;
  if (!r.key) invalid(scope, `${field}.key`, r.key, 'must be a non-empty label key');
  checkQualifiedName(scope, `${field}.key`, r.key, 'a label key', 'topology.kubernetes.io/zone');
  checkEnum(scope, `${field}.operator`, r.operator, operators, enumName);
  const values = list(scope, `${field}.values`, r.values);
  values.forEach((v, i) => checkText(scope, `${field}.values[${i}]`, v, { what: on === 'label' ? 'a label value' : 'a node name', max: on === 'label' ? 63 : 253, allowEmpty: true }));
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) invalid(scope, `${field}.values`, values, `must hold at least one value with operator ${r.operator}`);
      values.forEach((v, i) => {
        if (!isLiteral(v)) return;
        if (on === 'field') checkK8sName(scope, `${field}.values[${i}]`, v as string);
        else if (!LABEL_VALUE.test(v as string)) {
          invalid(scope, `${field}.values[${i}]`, v, 'must be a label value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric');
        }
      });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) invalid(scope, `${field}.values`, values, `must be empty with operator ${r.operator}`);
      break;
    default: // Gt, Lt
      if (values.length !== 1 || (isLiteral(values[0]) && !/^-?[0-9]+$/.test(values[0] as string))) {
        invalid(scope, `${field}.values`, values, `must hold exactly one integer with operator ${r.operator}`);
      }
  }
}

function checkWeight(scope: IConstruct, field: string, weight: unknown): void {
  checkFiniteNumber(scope, field, weight, 'a whole number from 1 to 100');
  if (!isLiteral(weight)) return;
  if (!Number.isInteger(weight) || weight < 1 || weight > 100) invalid(scope, field, weight, 'must be a whole number from 1 to 100');
}

/** The CRD's `placement` object. */
export function renderPlacement(p: RackPlacement): Json | undefined {
  return compact({
    nodeAffinity: p.nodeAffinity && compact({
      requiredDuringSchedulingIgnoredDuringExecution: p.nodeAffinity.required?.length
        ? { nodeSelectorTerms: p.nodeAffinity.required.map(renderNodeTerm) } : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: p.nodeAffinity.preferred?.length
        ? p.nodeAffinity.preferred.map((t) => ({ weight: t.weight, preference: renderNodeTerm(t.preference) })) : undefined,
    }),
    podAffinity: p.podAffinity && renderPodAffinity(p.podAffinity),
    podAntiAffinity: p.podAntiAffinity && renderPodAffinity(p.podAntiAffinity),
    tolerations: p.tolerations?.length ? p.tolerations.map((t) => compact({
      key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds,
    }) ?? {}) : undefined,
  });
}

function renderRequirement(r: NodeSelectorRequirement | LabelSelectorRequirement): Json {
  return compact({ key: r.key, operator: r.operator, values: r.values?.length ? [...r.values] : undefined }) ?? {};
}

function renderNodeTerm(t: NodeSelectorTerm): Json {
  return compact({
    matchExpressions: t.matchExpressions?.length ? t.matchExpressions.map(renderRequirement) : undefined,
    matchFields: t.matchFields?.length ? t.matchFields.map(renderRequirement) : undefined,
  }) ?? {};
}

function renderSelector(s: LabelSelector | undefined): Json | undefined {
  if (!s) return undefined;
  return compact({
    matchLabels: s.matchLabels && Object.keys(s.matchLabels).length ? { ...s.matchLabels } : undefined,
    matchExpressions: s.matchExpressions?.length ? s.matchExpressions.map(renderRequirement) : undefined,
  }) ?? {};
}

function renderPodTerm(t: PodAffinityTerm): Json {
  return compact({
    topologyKey: t.topologyKey,
    labelSelector: renderSelector(t.labelSelector),
    namespaces: t.namespaces?.length ? [...t.namespaces] : undefined,
    namespaceSelector: renderSelector(t.namespaceSelector),
  }) ?? {};
}

function renderPodAffinity(a: PodAffinity): Json | undefined {
  return compact({
    requiredDuringSchedulingIgnoredDuringExecution: a.required?.length ? a.required.map(renderPodTerm) : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: a.preferred?.length
      ? a.preferred.map((t) => ({ weight: t.weight, podAffinityTerm: renderPodTerm(t.podAffinityTerm) })) : undefined,
  });
}
