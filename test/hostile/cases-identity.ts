import { fx, importedCa, scylla, singlestore } from './fixtures';
import type { HostileCase } from './types';

const CLASS = 'identity';

/** A server certificate from `ca`, so the imported CA is used for something. */
function sign(lib: any, stack: any, ca: any): void {
  new lib.ServerCertificate(stack, 'Server', { ca, dnsNames: ['db.example.svc'], validityHours: 720, earlyRenewalHours: 168 });
}

const duplicateSubject = { field: /subject/, value: /CN=/, allowed: /unique|must|already/i };

export const IDENTITY_CASES: HostileCase[] = [
  {
    id: 'I01', class: CLASS, description: 'two SingleStore users with the same explicit subject under the same client CA',
    build: (lib, stack) => {
      const tls = singlestore(lib, stack);
      tls.addUser('Orders', { name: 'orders', namespace: 'orders', subject: { commonName: 'shared', organization: 'Example' } });
      tls.addUser('Billing', { name: 'billing', namespace: 'billing', subject: { commonName: 'shared', organization: 'Example' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Sdb/Billing' } },
  },
  {
    id: 'I02', class: CLASS, description: 'a SingleStore user whose explicit subject equals another user\'s default subject',
    build: (lib, stack) => {
      const tls = singlestore(lib, stack);
      tls.addUser('Orders', { name: 'orders', namespace: 'orders' });
      tls.addUser('Shadow', { name: 'shadow', namespace: 'shadow', subject: { commonName: 'orders' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Sdb/Shadow' } },
  },
  {
    id: 'I03', class: CLASS, description: 'two SingleStore users whose subjects list the same fields in another order',
    build: (lib, stack) => {
      const tls = singlestore(lib, stack);
      tls.addUser('A', { name: 'a', namespace: 'a', subject: { commonName: 'x', organization: 'O', country: 'DE' } });
      tls.addUser('B', { name: 'b', namespace: 'b', subject: { country: 'DE', organization: 'O', commonName: 'x' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Sdb/B' } },
  },
  {
    id: 'I04', class: CLASS, description: 'two SingleStore users whose subjects differ only by an empty field',
    build: (lib, stack) => {
      const tls = singlestore(lib, stack);
      tls.addUser('A', { name: 'a', namespace: 'a', subject: { commonName: 'x' } });
      tls.addUser('B', { name: 'b', namespace: 'b', subject: { commonName: 'x', organization: '', organizationalUnit: '' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Sdb/B' } },
  },
  {
    id: 'I05', class: CLASS, description: 'two SingleStore deployments sharing one client CA, one subject in each',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'SharedCa');
      singlestore(lib, stack, { ca }, 'One').addUser('U', { name: 'app', namespace: 'a', subject: { commonName: 'app' } });
      singlestore(lib, stack, { ca, clusterName: 'sdb2', namespace: 'singlestore2', sqlOutputName: 'user_sql2' }, 'Two')
        .addUser('U', { name: 'app2', namespace: 'b', subject: { commonName: 'app' } });
    },
    expect: { reject: { ...duplicateSubject, path: /hostile\/(One|Two)\/U/ } },
  },
  {
    id: 'I06', class: CLASS, description: 'two Scylla clients of one cluster with the same subject',
    build: (lib, stack) => {
      const c = scylla(lib, stack);
      c.addClient('Orders', { name: 'orders', namespace: 'orders', subject: { commonName: 'app' } });
      c.addClient('Billing', { name: 'billing', namespace: 'billing', subject: { commonName: 'app' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Shop/Billing' } },
  },
  {
    id: 'I07', class: CLASS, description: 'two Scylla clients with different names and the same role (default subject CN=<role>)',
    build: (lib, stack) => {
      const c = scylla(lib, stack);
      c.addClient('Orders', { name: 'orders', namespace: 'orders', role: 'app' });
      c.addClient('Billing', { name: 'billing', namespace: 'billing', role: 'app' });
    },
    expect: { reject: { field: /subject|role/, value: /app/, path: 'hostile/Shop/Billing' } },
  },
  {
    id: 'I08', class: CLASS, description: 'Scylla clients of two clusters sharing a CA, with the same subject',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'SharedCa');
      scylla(lib, stack, { ca }, 'Shop').addClient('App', { name: 'app', namespace: 'a', subject: { commonName: 'app' } });
      scylla(lib, stack, { ca, name: 'cart', namespace: 'cart' }, 'Cart').addClient('App', { name: 'app', namespace: 'b', subject: { commonName: 'app' } });
    },
    expect: { reject: { ...duplicateSubject, path: /hostile\/(Shop|Cart)\/App/ } },
  },
  {
    id: 'I09', class: CLASS, description: 'a Scylla client whose subject is the cluster\'s cqlsh admin certificate subject',
    build: (lib, stack) => scylla(lib, stack).addClient('Evil', { name: 'evil', namespace: 'evil', subject: { commonName: 'shop cqlsh admin (tlsfleet)' } }),
    expect: { reject: { ...duplicateSubject, path: 'hostile/Shop/Evil' } },
  },
  {
    id: 'I10', class: CLASS, description: 'a SingleStore user and a Scylla client with the same subject under one CA',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'SharedCa');
      scylla(lib, stack, { ca }).addClient('Orders', { name: 'orders', namespace: 'orders', subject: { commonName: 'orders' } });
      singlestore(lib, stack, { ca }).addUser('Orders', { name: 'orders', namespace: 'orders-sql' });
    },
    expect: { reject: { ...duplicateSubject, path: /hostile\/(Sdb|Shop)\/Orders/ } },
  },
  {
    id: 'I11', class: CLASS, description: 'a hand-made ClientCertificate with a SingleStore user\'s subject from its client CA',
    build: (lib, stack) => {
      const ca = new lib.CertificateAuthority(stack, 'SharedCa');
      singlestore(lib, stack, { ca }).addUser('Dba', { name: 'dba', namespace: 'dba', subject: { commonName: 'dba' } });
      new lib.ClientCertificate(stack, 'Copy', { ca, subject: { commonName: 'dba' } });
    },
    expect: { reject: { ...duplicateSubject, path: /hostile\/(Copy|Sdb\/Dba)/ } },
  },
  {
    id: 'I12', class: CLASS, description: 'an imported CA that expired in 2021',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().expiredCaPem)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem', value: /2021/, allowed: /expir|valid|must/i } },
  },
  {
    id: 'I13', class: CLASS, description: 'an imported CA not valid before 2099',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().futureCaPem)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem', value: /2099/, allowed: /not yet|valid|must/i } },
  },
  {
    id: 'I14', class: CLASS, description: 'an imported CA (CA:TRUE) without keyCertSign in keyUsage',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().noKeyCertSignCaPem)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem', allowed: /keyCertSign|CA/ } },
  },
  {
    id: 'I15', class: CLASS, description: 'an imported CA that expires in ten days, signing a 30-day leaf',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().expiringCaPem)),
    expect: { reject: { path: /hostile\/(OrgCa|Server)/, field: /certificatePem|validity|TLSF008/, allowed: /expir|outlive|must|Fix:/i } },
  },
  {
    id: 'I16', class: CLASS, description: 'an imported "CA" PEM holding two certificates (a chain)',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().caPem + fx().expiringCaPem)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem', allowed: /one (PEM )?certificate|must/i } },
  },
  {
    id: 'I17', class: CLASS, description: 'a leaf certificate (CA:FALSE) imported as a CA',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, fx().leafPem)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem', allowed: /CA/ } },
  },
  {
    id: 'I18', class: CLASS, description: 'an imported CA with text before the PEM (Bag Attributes) and a second CA after it',
    build: (lib, stack) => sign(lib, stack, importedCa(lib, stack, `Bag Attributes\n    friendlyName: org\n${fx().caPem}${fx().noKeyCertSignCaPem}`)),
    expect: { reject: { path: 'hostile/OrgCa', field: 'certificatePem' } },
  },
  {
    id: 'I19', class: CLASS, description: 'the same Scylla client subject in two datacenters\' clients of one cluster',
    build: (lib, stack) => {
      const c = scylla(lib, stack, { datacenters: [{ name: 'dc1', racks: [{ name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] },
        { name: 'dc2', namespace: 'scylla2', racks: [{ name: 'r1', members: 1, storageCapacity: '10Gi', cpuLimit: '1', memoryLimit: '4Gi' }] }] });
      c.addClient('A', { name: 'a', namespace: 'a', datacenter: 'dc1', subject: { commonName: 'twin' } });
      c.addClient('B', { name: 'b', namespace: 'b', datacenter: 'dc2', subject: { commonName: 'twin' } });
    },
    expect: { reject: { ...duplicateSubject, path: 'hostile/Shop/B' } },
  },
];
