import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import {
  AlternatorCertificateSource, CertificateAuthority, ClientCertificate, CqlTlsVersions, KeyAlgorithm, ScyllaCluster, TlsSecret, waive,
} from '../../constructs';

// Variants of examples/alternator-tls synthesized for real (App.synth, the policy judging the plan, report.json
// written by tlsfleet), so each diff test compares two synths a pull request could produce.

export interface Variant {
  /** A third application with its own client certificate (addClient). */
  readonly addClient?: boolean;
  /** Drop the Inventory application (and its certificate and Secrets). */
  readonly removeInventory?: boolean;
  /** Alternator also on plain HTTP (port 8000), with the TLSF001 waiver it needs. */
  readonly plaintextWithWaiver?: { readonly reason: string; readonly approvedBy?: string };
  /** The Orders client certificate's validity (and early renewal), in hours. */
  readonly ordersValidityHours?: number;
  readonly ordersEarlyRenewalHours?: number;
  /** The CA's key algorithm (a new CA key: every certificate it signs is re-issued). */
  readonly caKey?: KeyAlgorithm;
  /** The Orders subject's organization (a new request, same key). */
  readonly ordersOrganization?: string;
  /** This many more applications, each with its client certificate in its own namespace (a growing fleet). */
  readonly extraClients?: number;
  /** A second cluster, `audit`, with its own CA. */
  readonly secondCluster?: boolean;
  /** CQL also accepts TLS 1.2 (passes the default minimum). */
  readonly cqlTls12?: boolean;
  /** CQL without client certificates, with the TLSF003 waiver it needs. */
  readonly cqlNoClientAuthWithWaiver?: { readonly reason: string; readonly approvedBy?: string };
  /** A stand-alone client certificate's key delivered to these namespaces. */
  readonly batchNamespaces?: readonly string[];
  /** The stack's own logical id scheme: given a block's path and cdktf's id, the id to use. */
  readonly logicalIds?: (path: string, id: string) => string;
  /** A last change to the stack before synth (an escape hatch a pull request could contain). */
  readonly tweak?: (stack: TerraformStack, cluster: ScyllaCluster) => void;
}

const STACK = 'alternator-tls';

/** A stack that names its blocks its own way, as a team with a naming convention might (cdktf's documented hook). */
class RenamingStack extends TerraformStack {
  constructor(scope: App, id: string, private readonly rename: (path: string, id: string) => string) {
    super(scope, id);
  }

  protected allocateLogicalId(element: Parameters<TerraformStack['allocateLogicalId']>[0]): string {
    const id = super.allocateLogicalId(element);
    const node = 'node' in element ? element.node : (element as unknown as { path: string });
    return this.rename((node as { path: string }).path, id);
  }
}

/** Synthesizes the variant into a new temporary cdktf.out and returns its path. */
export function synthVariant(v: Variant = {}, root?: string): string {
  const outdir = mkdtempSync(join(root ?? tmpdir(), 'tlsfleet-diff-'));
  const app = new App({ outdir });
  const stack = v.logicalIds ? new RenamingStack(app, STACK, v.logicalIds) : new TerraformStack(app, STACK);
  new KubernetesProvider(stack, 'kubernetes', {});
  const ca = new CertificateAuthority(stack, 'Ca', {
    subject: { commonName: 'Example Shop ScyllaDB CA', organization: 'Example Shop' },
    ...(v.caKey ? { keyAlgorithm: v.caKey } : {}),
  });
  const rack = (zone: string) => ({ name: zone, members: 1, storageCapacity: '200Gi', cpuLimit: '4', memoryLimit: '16Gi' });
  const cluster = new ScyllaCluster(stack, 'Shop', {
    name: 'shop',
    namespace: 'scylla',
    version: '2025.1.5',
    agentVersion: '3.5.1',
    ca,
    datacenters: [{ name: 'eu-west-1', racks: [rack('eu-west-1a'), rack('eu-west-1b')] }],
    alternator: { certificateSource: AlternatorCertificateSource.TLSFLEET, ...(v.plaintextWithWaiver ? { insecureEnableHttp: true } : {}) },
    ...(v.cqlTls12 || v.cqlNoClientAuthWithWaiver ? {
      cql: { ...(v.cqlTls12 ? { tlsVersions: CqlTlsVersions.TLS1_2_AND_1_3 } : {}), ...(v.cqlNoClientAuthWithWaiver ? { insecureDisableClientAuth: true } : {}) },
    } : {}),
  });
  if (v.cqlNoClientAuthWithWaiver) waive(cluster, 'TLSF003', v.cqlNoClientAuthWithWaiver);
  if (v.secondCluster) {
    new ScyllaCluster(stack, 'Audit', { name: 'audit', namespace: 'audit-db', version: '2025.1.5', datacenters: [{ name: 'eu-west-1', racks: [rack('eu-west-1a')] }] });
  }
  if (v.plaintextWithWaiver) waive(cluster, 'TLSF001', v.plaintextWithWaiver);
  cluster.addClient('Orders', {
    name: 'orders',
    namespace: 'orders',
    ...(v.ordersValidityHours ? { validityHours: v.ordersValidityHours } : {}),
    ...(v.ordersEarlyRenewalHours ? { earlyRenewalHours: v.ordersEarlyRenewalHours } : {}),
    ...(v.ordersOrganization ? { subject: { commonName: 'orders', organization: v.ordersOrganization } } : {}),
  });
  if (!v.removeInventory) cluster.addClient('Inventory', { name: 'inventory', namespace: 'inventory', role: 'inventory_service' });
  if (v.addClient) cluster.addClient('Billing', { name: 'billing', namespace: 'billing' });
  for (let i = 0; i < (v.extraClients ?? 0); i++) cluster.addClient(`App${i}`, { name: `app${i}`, namespace: `team-${i}` });
  if (v.batchNamespaces) {
    const batch = new ClientCertificate(stack, 'Batch', { ca, subject: { commonName: 'batch' } });
    v.batchNamespaces.forEach((ns, i) => new TlsSecret(stack, `BatchTls${i}`, { certificate: batch, namespace: ns, name: 'batch-tls' }));
  }
  v.tweak?.(stack, cluster);
  app.synth();
  return outdir;
}

/** Rewrites `<outdir>/tlsfleet/report.json` with `edit` applied to its parsed form. */
export function editReport(outdir: string, edit: (report: any) => void): void {
  const file = join(outdir, 'tlsfleet', 'report.json');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  edit(report);
  writeFileSync(file, JSON.stringify(report, null, 2));
}

export function removeAll(dirs: readonly string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
