import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { isLiteral } from '../../core/validate';

/**
 * Client certificate subjects per CA, per app. A database that authenticates with
 * `REQUIRE SUBJECT '<oneline>'` tells two certificates of one CA apart only by subject: a second
 * client certificate with the same subject logs in as the first one's user.
 */
const claims = new WeakMap<IConstruct, Map<string, Claim>>();

interface Claim {
  readonly path: string;
  /** The holder namespaces, sorted and joined; undefined when the certificate declares no holder. */
  readonly namespaces?: string;
  /** A database account's own subject: never shared. */
  readonly strict: boolean;
}

/** What identifies a CA to a peer. */
interface Issuer extends IConstruct {
  readonly managed: boolean;
  readonly certificatePem: string;
}

export interface ClientSubjectClaim {
  /** The namespaces the certificate's key is delivered to. @default - none declared */
  readonly namespaces?: readonly string[];
  /**
   * True for a database account (a SingleStore user): its subject is its login and is never shared.
   * Otherwise one workload delivered to the same namespaces in several Kubernetes clusters (a client
   * per datacenter) may repeat its subject: it is one identity, and it can read both keys anyway.
   * @default false
   */
  readonly strict?: boolean;
}

function key(ca: Issuer, oneline: string): string {
  // Two imports of one literal PEM are one CA to a database: key them by the certificate, not the construct.
  const issuer = !ca.managed && typeof ca.certificatePem === 'string' && isLiteral(ca.certificatePem)
    ? `pem\u0000${ca.certificatePem.trim()}` : `construct\u0000${ca.node.path}`;
  return `${issuer}\u0000${oneline}`;
}

/**
 * Claims `oneline` under `ca` for `scope`: refused when another identity already holds a client
 * certificate of `ca` with that subject. A claim below the holder's own path (a user's certificate) is the same identity.
 */
export function claimClientSubject(scope: IConstruct, field: string, ca: Issuer, oneline: string, claim: ClientSubjectClaim = {}): void {
  let table = claims.get(scope.node.root);
  if (!table) claims.set(scope.node.root, table = new Map());
  const k = key(ca, oneline);
  const path = scope.node.path;
  const namespaces = claim.namespaces?.length ? [...new Set(claim.namespaces)].sort().join(',') : undefined;
  const strict = claim.strict === true;
  const held = table.get(k);
  if (held === undefined) {
    table.set(k, { path, namespaces, strict });
    return;
  }
  if (held.path === path || path.startsWith(`${held.path}/`)) return;
  if (!held.strict && !strict && held.namespaces !== undefined && held.namespaces === namespaces) return;
  invalid(scope, field, oneline, `must be unique among the client certificates of CA ${ca.node.path}: ${held.path} already has this subject, `
    + 'and a database that matches REQUIRE SUBJECT would let either certificate log in as the other\'s user');
}
