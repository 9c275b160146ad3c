/**
 * Real servers for the remote-storage tests, on 127.0.0.1 with free ports,
 * started by the tests and stopped by PID: nginx serving a fixture folder
 * (with an access log the tests count requests in, and optional extra
 * `location` blocks for fault cases), and moto's S3 server from the
 * project's .venv. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { makeTempDir, removeTempDir } from './tmp';

const ROOT = path.resolve(__dirname, '..', '..');
const NGINX = process.env.DZ_NGINX ?? '/usr/sbin/nginx';
const MOTO = path.join(ROOT, '.venv', 'bin', 'moto_server');

/** A port nothing listens on now (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on port, rejects after timeoutMs or when the process exits. */
async function waitForPort(port: number, child: ChildProcess, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => { sock.destroy(); resolve(true); });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Stops a child by its PID: SIGTERM, then SIGKILL after a bounded wait. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => { if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL'); }, 3000);
  await exited;
  clearTimeout(timer);
}

export interface Nginx {
  url: string;
  port: number;
  /**
   * Requests logged so far (range "-" when none; connection: nginx's serial
   * number of the TCP connection). nginx logs a request once it is done with
   * it, which may be just after the client has its answer, so this first
   * waits for the log to stop growing (150 ms unchanged, 3 s at most).
   */
  requests(): Promise<Array<{ method: string; uri: string; range: string; status: number; connection: number }>>;
  /** Forgets the requests logged so far, once settled (requests() counts from here). */
  resetLog(): Promise<void>;
  close(): Promise<void>;
}

/**
 * nginx serving `root`. `locations` are extra nginx `location` blocks
 * (e.g. `location = /a/c/0 { return 500; }`).
 */
export async function startNginx(root: string, locations = ''): Promise<Nginx> {
  const dir = makeTempDir('nginx');
  const port = await freePort();
  const log = path.join(dir, 'access.log');
  const temp = (name: string): string => `${name}_temp_path ${path.join(dir, name)};`;
  // Workers run as the test's user (root here), so they can read mkdtemp folders.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `
${user}
daemon off;
master_process on;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 128; }
http {
  log_format dz '$request_method $uri $http_range $status $connection';
  access_log ${log} dz;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  keepalive_requests 10000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    ${locations}
  }
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
  await waitForPort(port, child, 10000, 'nginx');
  let skip = 0;
  const lines = (): string[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  const settled = async (): Promise<string[]> => {
    const deadline = Date.now() + 3000;
    let seen = lines();
    for (;;) {
      await new Promise((r) => setTimeout(r, 150));
      const now = lines();
      if (now.length === seen.length || Date.now() > deadline) return now;
      seen = now;
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: async () => (await settled()).slice(skip).map((l) => {
      const [method, uri, range, status, connection] = l.split(' ');
      return { method, uri, range, status: Number(status), connection: Number(connection) };
    }),
    resetLog: async () => { skip = (await settled()).length; },
    close: async () => { await stop(child); removeTempDir(dir); },
  };
}

export interface Moto {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/**
 * moto's S3 (and IAM) server. initialNoAuthActions: moto's
 * INITIAL_NO_AUTH_ACTION_COUNT, the number of requests it serves before it
 * starts checking signatures against the IAM users it knows (Infinity: never).
 */
export async function startMoto(initialNoAuthActions = Infinity): Promise<Moto> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  if (Number.isFinite(initialNoAuthActions)) env.INITIAL_NO_AUTH_ACTION_COUNT = String(initialNoAuthActions);
  const child = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', env });
  await waitForPort(port, child, 30000, 'moto_server');
  return { endpoint: `http://127.0.0.1:${port}`, port, close: () => stop(child) };
}
