// End-to-end harness: a throwaway MariaDB server (Debian's `mariadb-server`) on 127.0.0.1 with TLS, in a temporary
// directory, for tests that run real SQL and real client certificates against a real server.
//
//   const RUN = requireMariaDbOrSkip('singlestore e2e');
//   const server = await MariaDbServer.start({ sslCa, sslCert, sslKey });
//   server.runScript(sql);                                   // as root over the socket
//   server.connectTcp({ user, sslCert, sslKey, sslCa, sql });  // as a user over TLS on 127.0.0.1
//   await server.stop();
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './ports';

/** The binaries a MariaDB test needs, or why they are missing. */
export interface MariaDbTools {
  available: boolean;
  server?: string;
  installDb?: string;
  client?: string;
  openssl?: string;
  reason?: string;
}

const SEARCH_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin'];

function findBinary(names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== ''), ...SEARCH_DIRS];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

let tools: MariaDbTools | undefined;

/** Finds mariadbd, mariadb-install-db, the mariadb client and openssl (once per module instance). */
export function findMariaDbTools(): MariaDbTools {
  if (tools) return tools;
  const found = {
    server: findBinary(['mariadbd', 'mysqld']),
    installDb: findBinary(['mariadb-install-db', 'mysql_install_db']),
    client: findBinary(['mariadb', 'mysql']),
    openssl: findBinary(['openssl']),
  };
  const missing = Object.entries(found).filter(([, v]) => v === undefined).map(([k]) => k);
  tools = missing.length === 0
    ? { available: true, ...found }
    : { available: false, ...found, reason: `missing: ${missing.join(', ')} (install with: apt-get install -y mariadb-server mariadb-client openssl)` };
  return tools;
}

/**
 * Whether a MariaDB-dependent describe block may run: true when the binaries exist; when they do not,
 * throws under CI=true (or TLSFLEET_REQUIRE_TOOLCHAIN=1) so the suite fails, and otherwise warns and returns false.
 */
export function requireMariaDbOrSkip(describeName: string): boolean {
  const t = findMariaDbTools();
  if (t.available) return true;
  if (process.env.CI === 'true' || process.env.TLSFLEET_REQUIRE_TOOLCHAIN === '1') {
    throw new Error(`"${describeName}": MariaDB is unavailable and skipping is not allowed in CI (CI=true or TLSFLEET_REQUIRE_TOOLCHAIN=1): ${t.reason}`);
  }
  console.warn(`SKIPPING "${describeName}": MariaDB is unavailable: ${t.reason}\n(set CI=true to make this a failure)`);
  return false;
}

export interface MariaDbServerOptions {
  /** CA file for `ssl_ca`: clients' certificates are verified against it. */
  sslCa: string;
  /** Server certificate file for `ssl_cert`. */
  sslCert: string;
  /** Server key file for `ssl_key`. */
  sslKey: string;
  /** Extra `[mariadbd]` option lines, written after the harness's own. */
  extraOptions?: string[];
  /** How long to wait for the server to accept connections. Default 30 s. */
  startTimeoutMs?: number;
}

/** The result of one client run. */
export interface ClientResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface TcpConnectOptions {
  user: string;
  /** Client certificate and key; omit both to connect without a certificate. */
  sslCert?: string;
  sslKey?: string;
  /** The CA the client verifies the server against (with --ssl-verify-server-cert). */
  sslCa: string;
  /** The statement to run. Default `SELECT CURRENT_USER()`. */
  sql?: string;
}


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A MariaDB server in a temporary directory; `stop()` kills it and removes the directory. */
export class MariaDbServer {
  /** Initializes a data directory, starts the server with TLS and waits until root can run a query. */
  public static async start(options: MariaDbServerOptions): Promise<MariaDbServer> {
    const t = findMariaDbTools();
    if (!t.available) throw new Error(`MariaDB is unavailable: ${t.reason}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlsfleet-mariadb-'));
    const port = await freePort();
    const server = new MariaDbServer(t, dir, port);
    try {
      server.initialize();
      await server.launch(options);
      return server;
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  public readonly socket: string;
  public readonly errorLogPath: string;
  private readonly dataDir: string;
  private readonly configPath: string;
  private process?: ChildProcess;
  private exited = false;
  private readonly osUser = os.userInfo().username;

  private constructor(private readonly tools: MariaDbTools, public readonly dir: string, public readonly port: number) {
    this.dataDir = path.join(dir, 'data');
    this.socket = path.join(dir, 'mysqld.sock');
    this.errorLogPath = path.join(dir, 'error.log');
    this.configPath = path.join(dir, 'my.cnf');
  }

  private initialize(): void {
    // Root gets an empty password (not unix_socket auth), so the harness works whichever OS user runs it.
    const res = spawnSync(this.tools.installDb!, [
      '--no-defaults', `--datadir=${this.dataDir}`, `--user=${this.osUser}`,
      '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve',
    ], { encoding: 'utf8', timeout: 120_000 });
    if (res.status !== 0) {
      throw new Error(`mariadb-install-db failed (exit ${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
    }
  }

  private async launch(options: MariaDbServerOptions): Promise<void> {
    const lines = [
      '[mariadbd]',
      `datadir = ${this.dataDir}`,
      `socket = ${this.socket}`,
      `pid-file = ${path.join(this.dir, 'mysqld.pid')}`,
      `log-error = ${this.errorLogPath}`,
      `port = ${this.port}`,
      'bind-address = 127.0.0.1',
      'skip-networking = 0',
      'skip-name-resolve',
      'skip-log-bin',
      // Subject mismatches are logged as warnings at this level.
      'log-warnings = 4',
      'innodb-buffer-pool-size = 16M',
      'require-secure-transport = ON',
      `ssl-ca = ${options.sslCa}`,
      `ssl-cert = ${options.sslCert}`,
      `ssl-key = ${options.sslKey}`,
      ...(options.extraOptions ?? []),
    ];
    fs.writeFileSync(this.configPath, lines.join('\n') + '\n');
    const args = [`--defaults-file=${this.configPath}`];
    if (process.getuid?.() === 0) args.push('--user=root');
    const child = spawn(this.tools.server!, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    this.process = child;
    let stderr = '';
    child.stderr?.on('data', (d) => { stderr += String(d); });
    child.on('exit', () => { this.exited = true; });

    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    let last: ClientResult | undefined;
    while (Date.now() < deadline) {
      if (this.exited) break;
      last = this.rootClient(['-e', 'SELECT 1']);
      if (last.status === 0) return;
      await sleep(200);
    }
    throw new Error(
      `MariaDB did not become ready within ${options.startTimeoutMs ?? 30_000} ms (${this.exited ? 'the server exited' : 'still starting'}).\n` +
      `last client attempt: ${last ? `${last.status} ${last.stderr.trim()}` : 'none'}\n` +
      `--- server stderr ---\n${stderr}\n--- ${this.errorLogPath} ---\n${this.errorLog()}`,
    );
  }

  private rootClient(args: string[], input?: string): ClientResult {
    const res = spawnSync(this.tools.client!, [
      '--no-defaults', `--socket=${this.socket}`, '--protocol=SOCKET', '-u', 'root', '--batch', '--skip-column-names', ...args,
    ], { encoding: 'utf8', input, timeout: 30_000 });
    return { status: res.status ?? -1, stdout: res.stdout ?? '', stderr: (res.stderr ?? '') + (res.error ? String(res.error) : '') };
  }

  /** Runs a SQL script as root over the socket, verbatim (through stdin); throws on failure. */
  public runScript(sql: string): string {
    const res = this.rootClient([], sql);
    if (res.status !== 0) throw new Error(`SQL script failed (exit ${res.status}): ${res.stderr}\n--- script ---\n${sql}`);
    return res.stdout;
  }

  /**
   * Runs one query as root over the socket and returns its rows, tab-separated; throws on failure.
   * `raw` turns off the client's escaping of backslashes, tabs and newlines in values.
   */
  public query(sql: string, raw = false): string {
    const res = this.rootClient([...(raw ? ['--raw'] : []), '-e', sql]);
    if (res.status !== 0) throw new Error(`query failed (exit ${res.status}): ${sql}\n${res.stderr}`);
    return res.stdout;
  }

  /** Connects as `user` over TCP with TLS, verifying the server certificate, and runs one statement. */
  public connectTcp(options: TcpConnectOptions): ClientResult {
    const args = [
      '--no-defaults', '--protocol=TCP', '-h', '127.0.0.1', '-P', String(this.port), '-u', options.user,
      '--connect-timeout=10', '--batch', '--skip-column-names',
      '--ssl', `--ssl-ca=${options.sslCa}`, '--ssl-verify-server-cert',
    ];
    if (options.sslCert) args.push(`--ssl-cert=${options.sslCert}`);
    if (options.sslKey) args.push(`--ssl-key=${options.sslKey}`);
    args.push('-e', options.sql ?? 'SELECT CURRENT_USER()');
    const res = spawnSync(this.tools.client!, args, { encoding: 'utf8', timeout: 30_000 });
    return { status: res.status ?? -1, stdout: res.stdout ?? '', stderr: (res.stderr ?? '') + (res.error ? String(res.error) : '') };
  }

  /** The server's error log so far. */
  public errorLog(): string {
    try {
      return fs.readFileSync(this.errorLogPath, 'utf8');
    } catch {
      return '(no error log)';
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its directory. Safe to call twice. */
  public async stop(): Promise<void> {
    const child = this.process;
    if (child && !this.exited && child.pid !== undefined) {
      child.kill('SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!this.exited && Date.now() < deadline) await sleep(100);
      if (!this.exited) child.kill('SIGKILL');
      while (!this.exited && Date.now() < deadline + 5_000) await sleep(100);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
