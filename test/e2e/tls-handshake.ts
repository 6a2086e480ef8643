// A real TLS handshake between node:tls endpoints using issued certificates.
import { AddressInfo } from 'node:net';
import * as tls from 'node:tls';

export interface Endpoint {
  readonly cert?: string;
  readonly key?: string;
  readonly ca: string;
}

export interface HandshakeResult {
  /** The client received the server's greeting over an authenticated channel. */
  readonly ok: boolean;
  readonly protocol?: string;
  /** The client certificate subject the server saw, when authorized. */
  readonly peerSubjectCn?: string;
  readonly error?: string;
}

/**
 * Starts a server that requires a client certificate signed by `server.ca` and speaks only
 * TLS 1.3 (or `serverMinVersion`), connects a client to it on 127.0.0.1, and reports the outcome.
 */
export async function handshake(
  server: Endpoint & { readonly cert: string; readonly key: string },
  client: Endpoint & { readonly maxVersion?: tls.SecureVersion; readonly servername?: string },
  serverMinVersion: tls.SecureVersion = 'TLSv1.3',
): Promise<HandshakeResult> {
  let peerSubjectCn: string | undefined;
  const srv = tls.createServer({
    cert: server.cert, key: server.key, ca: server.ca,
    requestCert: true, rejectUnauthorized: true, minVersion: serverMinVersion,
  }, (socket) => {
    const subject = socket.getPeerCertificate().subject as unknown as Record<string, string> | undefined;
    peerSubjectCn = subject?.CN;
    socket.end('ok');
  });
  srv.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  try {
    return await new Promise<HandshakeResult>((resolve) => {
      let data = '';
      let protocol: string | undefined;
      const timer = setTimeout(() => { socket.destroy(); resolve({ ok: false, error: 'timeout' }); }, 10_000);
      const socket = tls.connect({
        host: '127.0.0.1', port, servername: client.servername ?? 'localhost',
        ca: client.ca, cert: client.cert, key: client.key, maxVersion: client.maxVersion,
      }, () => { protocol = socket.getProtocol() ?? undefined; });
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => { data += chunk; });
      socket.on('error', (e) => { clearTimeout(timer); resolve({ ok: false, protocol, error: e.message }); });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(data === 'ok' ? { ok: true, protocol, peerSubjectCn } : { ok: false, protocol, error: 'closed without greeting' });
      });
    });
  } finally {
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}
