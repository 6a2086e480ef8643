// The one place that imports cdktf itself and the provider bindings (by deep path: the package
// index loads 145 MB of JavaScript). A later move to CDK Terrain is a rename here.
// Loading tlsfleet switches off cdktf's per-token stack traces (why, and the switch: stack-traces.ts).
import './stack-traces';
export {
  App, Aspects, Fn, TerraformDataSource, TerraformElement, TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable, Token,
} from 'cdktf';
export type { TerraformMetaArguments } from 'cdktf';
export type { IAspect, ISynthesisSession } from 'cdktf';
// Not in cdktf's index, but public modules of the pinned 0.21.0: resolving a value the way synth
// does (for the policy), and the pieces of cdktf's stack synthesizer the policy's deferred
// synthesizer re-assembles (so every stack is judged before any is written).
export { resolve as resolveTokens } from 'cdktf/lib/_tokens';
export { addCustomSynthesis, invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
export { AnnotationMetadataEntryType } from 'cdktf/lib/annotations';
export { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
export { encounteredAnnotationWithLevelError } from 'cdktf/lib/errors';
export { TlsProvider } from '@cdktf/provider-tls/lib/provider';
export { PrivateKey as TlsPrivateKey } from '@cdktf/provider-tls/lib/private-key';
export { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
export { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
export type { CertRequestSubject } from '@cdktf/provider-tls/lib/cert-request';
export { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
export { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
export { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
export { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
export { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
