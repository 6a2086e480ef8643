import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';
import { isLiteral } from '../core/validate';
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

/** Rejects placements the API server or scheduler would refuse. */
export function validatePlacement(scope: IConstruct, field: string, p: RackPlacement): void {
  (p.tolerations ?? []).forEach((t, i) => validateToleration(scope, `${field}.tolerations[${i}]`, t));
  (p.nodeAffinity?.required ?? []).forEach((t, i) => validateNodeTerm(scope, `${field}.nodeAffinity.required[${i}]`, t));
  (p.nodeAffinity?.preferred ?? []).forEach((t, i) => {
    checkWeight(scope, `${field}.nodeAffinity.preferred[${i}].weight`, t.weight);
    validateNodeTerm(scope, `${field}.nodeAffinity.preferred[${i}].preference`, t.preference);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = p[kind];
    (a?.required ?? []).forEach((t, i) => validatePodTerm(scope, `${field}.${kind}.required[${i}]`, t));
    (a?.preferred ?? []).forEach((t, i) => {
      checkWeight(scope, `${field}.${kind}.preferred[${i}].weight`, t.weight);
      validatePodTerm(scope, `${field}.${kind}.preferred[${i}].podAffinityTerm`, t.podAffinityTerm);
    });
  }
}

function validateToleration(scope: IConstruct, field: string, t: Toleration): void {
  const operator = t.operator ?? TolerationOperator.EQUAL;
  if (!Object.values(TolerationOperator).includes(operator)) {
    invalid(scope, `${field}.operator`, operator, `must be one of ${Object.values(TolerationOperator).join(', ')}`);
  }
  if (t.effect !== undefined && !Object.values(TaintEffect).includes(t.effect)) {
    invalid(scope, `${field}.effect`, t.effect, `must be one of ${Object.values(TaintEffect).join(', ')}`);
  }
  if (!t.key && operator !== TolerationOperator.EXISTS) {
    invalid(scope, `${field}.operator`, operator, 'must be Exists when `key` is empty (a toleration of every taint)');
  }
  if (operator === TolerationOperator.EXISTS && t.value) {
    invalid(scope, `${field}.value`, t.value, 'must be empty with operator Exists');
  }
  if (t.tolerationSeconds !== undefined && t.effect !== TaintEffect.NO_EXECUTE) {
    invalid(scope, `${field}.tolerationSeconds`, t.tolerationSeconds, 'is only allowed with effect NoExecute');
  }
}

function validateNodeTerm(scope: IConstruct, field: string, term: NodeSelectorTerm): void {
  const all = [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])];
  if (all.length === 0) invalid(scope, field, term, 'must hold at least one of `matchExpressions` or `matchFields`');
  (term.matchExpressions ?? []).forEach((r, i) => validateRequirement(scope, `${field}.matchExpressions[${i}]`, r, Object.values(NodeSelectorOperator)));
  (term.matchFields ?? []).forEach((r, i) => validateRequirement(scope, `${field}.matchFields[${i}]`, r, Object.values(NodeSelectorOperator)));
}

function validatePodTerm(scope: IConstruct, field: string, term: PodAffinityTerm): void {
  if (!term.topologyKey) invalid(scope, `${field}.topologyKey`, term.topologyKey, 'must name a node label such as kubernetes.io/hostname');
  for (const sel of ['labelSelector', 'namespaceSelector'] as const) {
    (term[sel]?.matchExpressions ?? []).forEach((r, i) =>
      validateRequirement(scope, `${field}.${sel}.matchExpressions[${i}]`, r, Object.values(LabelSelectorOperator)));
  }
}

function validateRequirement(scope: IConstruct, field: string, r: NodeSelectorRequirement | LabelSelectorRequirement, operators: string[]): void {
  if (!r.key) invalid(scope, `${field}.key`, r.key, 'must be a non-empty label key');
  if (!operators.includes(r.operator)) invalid(scope, `${field}.operator`, r.operator, `must be one of ${operators.join(', ')}`);
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) invalid(scope, `${field}.values`, values, `must hold at least one value with operator ${r.operator}`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) invalid(scope, `${field}.values`, values, `must be empty with operator ${r.operator}`);
      break;
    default: // Gt, Lt
      if (values.length !== 1 || (isLiteral(values[0]) && !/^-?[0-9]+$/.test(values[0]))) {
        invalid(scope, `${field}.values`, values, `must hold exactly one integer with operator ${r.operator}`);
      }
  }
}

function checkWeight(scope: IConstruct, field: string, weight: number): void {
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
