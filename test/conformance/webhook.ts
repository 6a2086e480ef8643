// The ScyllaDB Operator's validating webhook for ScyllaCluster (pkg/api/scylla/validation/cluster_validation.go,
// v1.21.1), rewritten independently of the constructs so a shared bug cannot hide, plus tlsfleet's own rules.
import { isIP } from 'node:net';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WRITE_ISOLATION = ['always', 'forbid_rmw', 'only_rmw_uses_lwt'];
const NODE_SERVICE_TYPES = ['Headless', 'ClusterIP', 'LoadBalancer'];
const BROADCAST_ALLOWED: Record<string, string[]> = {
  PodIP: ['Headless', 'ClusterIP', 'LoadBalancer'],
  ServiceClusterIP: ['ClusterIP', 'LoadBalancer'],
  ServiceLoadBalancerIngress: ['LoadBalancer'],
};

function isSubdomain(s: unknown): boolean {
  return typeof s === 'string' && s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** A quantity's value, as `resource.Quantity.Value()` would see it (rounded up), or NaN. */
function quantityValue(q: unknown): number {
  if (typeof q === 'number') return Math.ceil(q);
  if (typeof q !== 'string') return NaN;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(q);
  if (!m) return NaN;
  const units: Record<string, number> = {
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
    n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  };
  const suffix = m[2] ?? '';
  const factor = suffix === '' ? 1 : units[suffix] ?? 10 ** Number(suffix.slice(1));
  return Math.ceil(Number(m[1]) * factor);
}

/**
 * What the operator's webhook would reject in `manifest` (a ScyllaCluster object), and what tlsfleet
 * forbids on top (deprecated `port`, members < 1, a user-managed Alternator Secret name other than the
 * one the operator mounts, issue #2248). Empty when the object is accepted.
 */
export function webhookViolations(manifest: any): string[] {
  const errors: string[] = [];
  const spec = manifest?.spec ?? {};
  const name = manifest?.metadata?.name;
  if (!isSubdomain(name)) errors.push(`metadata.name: ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  if (typeof manifest?.metadata?.namespace !== 'string' || !DNS1123_LABEL.test(manifest.metadata.namespace)) {
    errors.push(`metadata.namespace: ${JSON.stringify(manifest?.metadata?.namespace)} is not a DNS-1123 label`);
  }
  if (typeof spec.version !== 'string' || spec.version.trim() === '') errors.push('spec.version: Required value');

  const alternator = spec.alternator;
  if (alternator) {
    if (alternator.writeIsolation && !WRITE_ISOLATION.includes(alternator.writeIsolation)) {
      errors.push(`spec.alternator.writeIsolation: Unsupported value ${JSON.stringify(alternator.writeIsolation)}`);
    }
    if (alternator.insecureEnableHTTP === true && alternator.port) {
      errors.push('spec.alternator.port: Forbidden: deprecated port is not allowed to be specified');
    }
    if (alternator.port !== undefined) errors.push('spec.alternator.port: tlsfleet never writes the deprecated port');
    const cert = alternator.servingCertificate;
    if (cert) {
      if (cert.type === 'UserManaged') {
        const secret = cert.userManagedOptions?.secretName;
        if (!cert.userManagedOptions) errors.push('spec.alternator.servingCertificate.userManagedOptions: Required value');
        else if (!secret) errors.push('spec.alternator.servingCertificate.userManagedOptions.secretName: Required value');
        else if (!isSubdomain(secret)) errors.push(`spec.alternator.servingCertificate.userManagedOptions.secretName: ${secret} is not a DNS-1123 subdomain`);
        if (secret && secret !== `${name}-alternator-local-serving-certs`) {
          errors.push(`spec.alternator.servingCertificate.userManagedOptions.secretName: ${secret} is not mounted by the operator (#2248); use ${name}-alternator-local-serving-certs`);
        }
      } else if (cert.type === 'OperatorManaged') {
        for (const dns of cert.operatorManagedOptions?.additionalDNSNames ?? []) {
          if (!isSubdomain(dns)) errors.push(`spec.alternator.servingCertificate.operatorManagedOptions.additionalDNSNames: ${dns} is not a DNS-1123 subdomain`);
        }
        for (const ip of cert.operatorManagedOptions?.additionalIPAddresses ?? []) {
          if (isIP(ip) === 0) errors.push(`spec.alternator.servingCertificate.operatorManagedOptions.additionalIPAddresses: ${ip} is not an IP address`);
        }
      } else if (!cert.type) {
        errors.push('spec.alternator.servingCertificate.type: Required value');
      } else {
        errors.push(`spec.alternator.servingCertificate.type: Unsupported value ${JSON.stringify(cert.type)}`);
      }
    }
  }

  const dc = spec.datacenter ?? {};
  if (typeof dc.name !== 'string' || !DNS1123_LABEL.test(dc.name)) errors.push(`spec.datacenter.name: ${JSON.stringify(dc.name)} is not a DNS-1123 label`);
  const racks: any[] = dc.racks ?? [];
  if (racks.length === 0) errors.push('spec.datacenter.racks: tlsfleet requires at least one rack');
  const rackNames = new Set<string>();
  racks.forEach((rack, i) => {
    const at = `spec.datacenter.racks[${i}]`;
    if (rackNames.has(rack.name)) errors.push(`${at}.name: Duplicate value ${JSON.stringify(rack.name)}`);
    rackNames.add(rack.name);
    if (typeof rack.name !== 'string' || !DNS1123_LABEL.test(rack.name)) errors.push(`${at}.name: ${JSON.stringify(rack.name)} is not a DNS-1123 label`);
    const limits = rack.resources?.limits;
    if (!limits || !(quantityValue(limits.cpu) > 0) || !(quantityValue(limits.memory) > 0)) {
      errors.push(`${at}.resources.limits: Required value: set cpu, memory resource limits`);
    }
    if (!(quantityValue(rack.storage?.capacity) > 0)) errors.push(`${at}.storage.capacity: must be a positive quantity`);
    if (!Number.isInteger(rack.members) || rack.members < 1) errors.push(`${at}.members: must be at least 1`);
  });

  (spec.dnsDomains ?? []).forEach((d: string, i: number) => {
    if (!isSubdomain(d) || !d.includes('.')) errors.push(`spec.dnsDomains[${i}]: ${d} is not a fully qualified domain name`);
  });
  const expose = spec.exposeOptions;
  if (expose) {
    if (expose.cql?.ingress && !(spec.dnsDomains ?? []).length) {
      errors.push('spec.dnsDomains: Required value: at least one domain needs to be provided when exposing CQL via ingresses');
    }
    const serviceType = expose.nodeService?.type ?? 'ClusterIP';
    if (expose.nodeService && !NODE_SERVICE_TYPES.includes(expose.nodeService.type)) {
      errors.push(`spec.exposeOptions.nodeService.type: Unsupported value ${JSON.stringify(expose.nodeService.type)}`);
    }
    if (expose.broadcastOptions) {
      for (const side of ['clients', 'nodes']) {
        const type = expose.broadcastOptions[side]?.type ?? 'ServiceClusterIP'; // the CRD default
        const allowed = BROADCAST_ALLOWED[type];
        if (!allowed) errors.push(`spec.exposeOptions.broadcastOptions.${side}.type: Unsupported value ${JSON.stringify(type)}`);
        else if (!allowed.includes(serviceType)) {
          errors.push(`spec.exposeOptions.broadcastOptions.${side}.type: ${type} is unavailable with node service type ${serviceType}`);
        }
      }
    }
  }
  for (const key of ['minReadySeconds', 'minTerminationGracePeriodSeconds']) {
    if (typeof spec[key] === 'number' && spec[key] < 0) errors.push(`spec.${key}: must be non-negative integer`);
  }
  return errors;
}
