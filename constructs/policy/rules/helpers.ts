import { IConstruct } from 'constructs';
import { TLS_VERSIONS, TlsVersion } from '../../core/tls-version';
import { RuleOutcome, Violation } from '../model';

// What the rules share: outcome bookkeeping and reading literals out of resolved inputs.

export const HOURS_PER_DAY = 24;

export function outcome(): { checked: number; undecided: { construct: IConstruct; message: string }[]; violations: Violation[] } {
  return { checked: 0, undecided: [], violations: [] };
}

/**
 * Runs `judge` over `items`: undefined means the item is not in the rule's scope; otherwise it is
 * checked, and a message string is a violation of it.
 */
export function scan<T extends { construct: IConstruct }>(items: readonly T[], judge: (item: T) => string | false | undefined): RuleOutcome {
  const o = outcome();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const verdict = judge(item);
    if (verdict === undefined) continue;
    o.checked++;
    if (verdict !== false) o.violations.push({ construct: item.construct, message: verdict });
  }
  return o;
}

export function literalNumber(value: unknown): number | undefined | 'reference' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'reference';
  return 'reference';
}

export function literalString(value: unknown): string | undefined | 'reference' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && !value.includes('${')) return value;
  return 'reference';
}

export function versionRank(v: TlsVersion): number {
  return TLS_VERSIONS.indexOf(v);
}

/** The path a person recognises: a tlsfleet construct's, not its inner `Resource`. */
export function owner(construct: IConstruct): string {
  return construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope.node.path : construct.node.path;
}

export function where(e: { readonly api: string; readonly port: number | string; readonly datacenter?: string; readonly address?: string }): string {
  return `${e.api} on port ${e.port}${e.datacenter ? ` in datacenter ${e.datacenter}` : ''}${e.address ? ` (${e.address})` : ''}`;
}

