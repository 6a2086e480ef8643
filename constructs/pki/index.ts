// The public API of constructs/pki. Rendering and validation helpers stay internal to their files.
export { KeyAlgorithm, KeyType, MAX_RSA_BITS, MIN_RSA_BITS } from './key-algorithm';
export { SUBJECT_ORDER, subjectOneline } from './subject';
export type { DistinguishedName } from './subject';
export {
  CertificateAuthority, DEFAULT_CA_EARLY_RENEWAL_HOURS, DEFAULT_CA_VALIDITY_HOURS, ImportedCertificateAuthority,
} from './certificate-authority';
export type { CertificateAuthorityProps, ICertificateAuthority, ImportedCertificateAuthorityProps } from './certificate-authority';
export { DEFAULT_LEAF_EARLY_RENEWAL_HOURS, DEFAULT_LEAF_VALIDITY_HOURS, LeafCertificate } from './leaf-certificate';
export type { CertificateHolder, ILeafCertificate, LeafCertificateProps } from './leaf-certificate';
export { ServerCertificate } from './server-certificate';
export type { ServerCertificateProps } from './server-certificate';
export { ClientCertificate } from './client-certificate';
export type { ClientCertificateProps } from './client-certificate';
export { ClientCertificateSet, ClientCertificateSetInstance } from './leaf-certificate-set';
export type { ClientCertificateSetMember, ClientCertificateSetProps } from './leaf-certificate-set';
export { CA_BUNDLE_KEY, CaBundle, CaBundleConfigMap } from './ca-bundle';
export type { CaBundleConfigMapProps } from './ca-bundle';
export { TlsSecret, TlsSecretLayout } from './tls-secret';
export type { TlsSecretProps } from './tls-secret';
