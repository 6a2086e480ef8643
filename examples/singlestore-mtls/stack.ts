import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  CertificateAuthority, SingleStoreTls, SingleStoreUserRequirement, SingleStoreVersion, waive,
} from '../../constructs';
import { kubeconfigProvider } from '../kubeconfig';

/**
 * The TLS of a SingleStore cluster run by the SingleStore Operator: a server certificate Secret for
 * `spec.secureConnectionSpec.sslSecretName`, a client CA for `ssl_ca_for_client_cert`, one
 * REQUIRE SUBJECT user and one REQUIRE X509 user, and the SQL that creates them.
 */
export class SingleStoreMtlsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    kubeconfigProvider(this);

    const ca = new CertificateAuthority(this, 'ServerCa', {
      subject: { commonName: 'SingleStore server CA', organization: 'Example Platform' },
    });
    // A CA of its own for clients: only certificates issued for SingleStore users can log in as a REQUIRE X509 user.
    const clientCa = new CertificateAuthority(this, 'ClientCa', {
      subject: { commonName: 'SingleStore client CA', organization: 'Example Platform' },
    });

    const tls = new SingleStoreTls(this, 'SingleStore', {
      clusterName: 'sdb-cluster',
      namespace: 'singlestore',
      engineVersion: SingleStoreVersion.V9_1,
      ca,
      clientCa,
      sqlOutputName: 'singlestore_user_sql',
    });

    tls.addUser('Orders', {
      name: 'orders',
      namespace: 'orders',
      subject: { commonName: 'orders', organization: 'Example Platform', organizationalUnit: 'R/D+Ops' },
    });
    const reporting = tls.addUser('Reporting', {
      name: 'reporting',
      namespace: 'reporting',
      require: SingleStoreUserRequirement.X509,
    });
    waive(reporting, 'TLSF012', {
      reason: 'The client CA issues certificates to the reporting job only; it reads a replica with SELECT grants.',
      approvedBy: 'platform-security',
    });

    new TerraformOutput(this, 'singlestore_memsql_cnf', { value: tls.memsqlCnf });
    new TerraformOutput(this, 'singlestore_operator_spec', {
      value: { secureConnectionSpec: tls.operatorSecureConnectionSpec, globalVariables: tls.operatorGlobalVariables },
    });
  }
}
