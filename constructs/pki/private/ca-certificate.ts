import { X509Certificate } from 'node:crypto';
import { IConstruct } from 'constructs';
import { invalid } from '../../core/errors';
import { KeyUsageBit, readBasicConstraintsCa, readKeyUsage } from './key-usage';

/** What tlsfleet reads from an imported CA certificate known at synth. */
export interface CaCertificateFacts {
  /** The subject, attributes joined with ", ". */
  readonly subject: string;
  readonly keyDescription: string;
  /** From notBefore to notAfter, in whole hours. */
  readonly lifetimeHours: number;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const ONE_CERTIFICATE = 'must be one PEM certificate and nothing else: exactly one -----BEGIN CERTIFICATE----- block (no private key, no chain, no other text)';

/**
 * Reads a literal CA certificate and refuses one that cannot sign tlsfleet leaves today: anything but
 * exactly one CERTIFICATE block, not CA:TRUE, keyUsage without keyCertSign, outside its validity
 * window at synth, or a weak key. Messages describe the text, never quote it: it may be a key.
 */
export function readCaCertificate(scope: IConstruct, field: string, pem: string, now = Date.now()): CaCertificateFacts {
  const cert = parseOneCertificate(scope, field, pem);
  let usage: KeyUsageBit[] | undefined;
  let basicCa: boolean;
  try {
    usage = readKeyUsage(cert.raw);
    basicCa = readBasicConstraintsCa(cert.raw);
  } catch (e) {
    return invalid(scope, field, `<${field} whose extensions cannot be read>`, `must be a well-formed X.509 certificate (${(e as Error).message})`);
  }
  if (!basicCa) invalid(scope, field, oneLine(cert.subject), 'must be a CA certificate (basicConstraints CA:TRUE)');
  if (usage !== undefined && !usage.includes('keyCertSign')) {
    invalid(scope, field, `${oneLine(cert.subject)} (keyUsage ${usage.join(', ') || 'empty'})`,
      'must be a CA certificate whose keyUsage includes keyCertSign: TLS peers refuse every certificate signed by a CA without it');
  }
  // OpenSSL's own verdict (X509_check_ca) as the last word, for what the two checks above do not cover.
  if (!cert.ca) invalid(scope, field, oneLine(cert.subject), 'must be a certificate OpenSSL accepts as a CA (X509_check_ca)');
  const notBefore = new Date(Date.parse(cert.validFrom));
  const notAfter = new Date(Date.parse(cert.validTo));
  const window = `valid from ${iso(notBefore)} to ${iso(notAfter)}`;
  if (now < notBefore.getTime()) {
    invalid(scope, field, window, `must be a CA certificate that is valid now (${iso(new Date(now))}); it is not valid before ${iso(notBefore)}`);
  }
  if (now >= notAfter.getTime()) {
    invalid(scope, field, window, `must be a CA certificate that is valid now (${iso(new Date(now))}); it expired on ${iso(notAfter)}`);
  }
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) < 2048) {
    invalid(scope, field, `RSA ${details.modulusLength}`, 'must carry an RSA key of at least 2048 bits, or an ECDSA P-256/P-384 or Ed25519 key');
  }
  if (key.asymmetricKeyType === 'ec' && !['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '')) {
    invalid(scope, field, details.namedCurve, 'must use ECDSA on P-256, P-384 or P-521 (TLS 1.3 curves)');
  }
  return {
    subject: oneLine(cert.subject),
    keyDescription: key.asymmetricKeyType === 'rsa' ? `RSA ${details.modulusLength}`
      : key.asymmetricKeyType === 'ec' ? `ECDSA ${details.namedCurve}` : String(key.asymmetricKeyType),
    lifetimeHours: Math.floor((notAfter.getTime() - notBefore.getTime()) / 3_600_000),
    notBefore,
    notAfter,
  };
}

/** `2021-01-01T00:00:00Z`. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

function oneLine(subject: string): string {
  return subject.split('\n').join(', ');
}

function parseOneCertificate(scope: IConstruct, field: string, pem: string): X509Certificate {
  const labels = [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
  if (labels.some((l) => l.includes('PRIVATE KEY'))) {
    invalid(scope, field, `<${field} holding a PRIVATE KEY block>`,
      `${ONE_CERTIFICATE}; a private key never belongs here: pass it as privateKeyPem from a sensitive variable`);
  }
  if (labels.length === 0) invalid(scope, field, describeNotPem(field, pem), ONE_CERTIFICATE);
  const certificates = labels.filter((l) => l === 'CERTIFICATE').length;
  if (labels.length > 1 || certificates !== 1) {
    const others = labels.filter((l) => l !== 'CERTIFICATE');
    invalid(scope, field, `<${field} holding ${certificates} CERTIFICATE block${certificates === 1 ? '' : 's'}${others.length ? ` and ${others.join(', ')}` : ''}>`,
      certificates > 1 ? `${ONE_CERTIFICATE}; import the CA that signs the leaves, not a chain` : ONE_CERTIFICATE);
  }
  const text = pem.trim();
  if (!text.startsWith('-----BEGIN CERTIFICATE-----')) invalid(scope, field, `<${field} with text before its CERTIFICATE block>`, ONE_CERTIFICATE);
  if (!text.endsWith('-----END CERTIFICATE-----')) invalid(scope, field, `<${field} with text after its CERTIFICATE block, or no END line>`, ONE_CERTIFICATE);
  const body = text.slice('-----BEGIN CERTIFICATE-----'.length, -'-----END CERTIFICATE-----'.length);
  if (!/^[A-Za-z0-9+/=\s]+$/.test(body)) invalid(scope, field, `<${field} whose CERTIFICATE block is not base64>`, ONE_CERTIFICATE);
  try {
    return new X509Certificate(text);
  } catch (e) {
    return invalid(scope, field, `<${field} whose CERTIFICATE block does not parse>`, `${ONE_CERTIFICATE} (${(e as Error).message})`);
  }
}

/** What a text without PEM armour looks like, in words: it may be a key in another encoding. */
function describeNotPem(field: string, text: string): string {
  const t = text.trim();
  if (t === '') return `<an empty ${field}>`;
  if (t.startsWith('{')) return `<${field} holding JSON (a JWK?), not PEM>`;
  if (/^[0-9a-fA-F\r\n]+$/.test(t)) return `<${field} of ${t.length} hex digits, not PEM>`;
  if (/^[A-Za-z0-9+/=\r\n]+$/.test(t)) {
    const decoded = Buffer.from(t, 'base64').toString('latin1');
    if (decoded.includes('PRIVATE KEY')) return `<${field} holding a base64-encoded PRIVATE KEY>`;
    if (decoded.includes('-----BEGIN')) return `<${field} holding base64-encoded PEM, not PEM>`;
    return `<${field} of ${t.length} base64 characters without PEM armour>`;
  }
  return `<${field} of ${t.length} characters without a PEM block>`;
}
