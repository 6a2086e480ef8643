// The package root, as users import it, plus the tls provider class for hand-written stacks.
export { CertificateAuthority, ClientCertificate, PolicyViolationError, ScyllaCluster } from '../../constructs';
export { TlsProvider } from '@cdktf/provider-tls/lib/provider';
export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
