/**
 * The real Meldroute server as a child process of a benchmark, on 127.0.0.1, with the demo accounts, and the
 * HTTP helpers to log in and read JSON as one of them. Used by bench/crash.bench.ts and bench/soak.bench.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT, probeStatus, sleep, stopChild } from './util.js';

export const DEMO_PASSWORD = 'bench-demo-wachtwoord-123';
export const DIST_MAIN = path.join(REPO_ROOT, 'dist/server/main.js');
const READY_TIMEOUT_MS = 180_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** Exits the process with 2 when --dist was asked for and the build is missing. */
export function requireDist(useDist: boolean): void {
  if (useDist && !existsSync(DIST_MAIN)) {
    console.error(`--dist: ${path.relative(REPO_ROOT, DIST_MAIN)} is missing; run \`npx tsc -p tsconfig.json\` first.`);
    process.exit(2);
  }
}

/** Benchmarks talk to PostgreSQL on loopback only: exits with 2 otherwise. */
export function loopbackDatabaseUrl(): URL {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    console.error(`Benchmarks run on loopback only; DATABASE_URL points at ${url.hostname}.`);
    process.exit(2);
  }
  return url;
}

/**
 * The environment of a benchmark's server: demo accounts with DEMO_PASSWORD, no web app, warnings and errors
 * only, keys generated into `dataDir` (PGlite's files go there too). `extra` adds or overrides variables.
 */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    MELDROUTE_DATA_DIR: dataDir,
    MELDROUTE_DEMO: 'true',
    MELDROUTE_DEMO_PASSWORD: DEMO_PASSWORD,
    MELDROUTE_SERVE_WEB: 'false',
    MELDROUTE_LOG_LEVEL: 'warn',
    // Many logins per user from the same address: above the default of 10 a minute.
    MELDROUTE_LOGIN_RATE_LIMIT: '1000',
  };
  delete env.MELDROUTE_KEY_FILE;
  delete env.MELDROUTE_KEYS;
  delete env.MELDROUTE_METRICS_TOKEN;
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

/**
 * A new, empty PostgreSQL database `<prefix>_<random>` next to `base`; `drop` removes it (with force).
 */
export async function scratchDatabase(base: URL, prefix: string): Promise<{ name: string; url: URL; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: base.toString(), application_name: 'meldroute-bench' });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { name, url, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface AppServer {
  child: ChildProcess;
  port: number;
  /** The last 32 kB of its stdout and stderr. */
  output(): string;
}

/** Children still running, for a benchmark's cleanup step (`stopAll`). */
const liveChildren = new Set<ChildProcess>();

export async function stopAllServers(): Promise<void> {
  for (const child of liveChildren) await stopChild(child, 5_000).catch(() => undefined);
}

/** Spawn the server and wait until GET /readyz answers 200; resolves with the server and the time that took. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  options: { useDist?: boolean; nodeArgs?: string[] } = {},
): Promise<{ server: AppServer; readyMs: number }> {
  const entry = options.useDist ? [DIST_MAIN] : ['--import', 'tsx', path.join(REPO_ROOT, 'src/server/main.ts')];
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-32_000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const server: AppServer = { child, port, output: () => output };
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`);
    }
    if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`server not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    if ((await probeStatus(port, '/readyz')) === 200) return { server, readyMs: performance.now() - started };
    await sleep(20);
  }
}

/** Lines the server logged at level error or fatal (pino JSON: level 50/60), or that look like a crash. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((l) => /"level":(50|60)/.test(l) || /^(Error|TypeError|RangeError)\b|Unhandled/.test(l));
}

export interface Session {
  username: string;
  cookie: string;
  csrfToken: string;
}

export async function login(origin: string, username: string): Promise<Session> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${text}`);
  const body = JSON.parse(text) as { status: string; csrfToken: string };
  if (body.status !== 'ok') throw new Error(`login ${username}: ${body.status} (a second factor is asked; demo accounts should be exempt)`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mr_session='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return { username, cookie: cookie.split(';')[0]!, csrfToken: body.csrfToken };
}

export function sessionHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
}

export async function getJson<T>(origin: string, session: Session, urlPath: string): Promise<T> {
  const res = await fetch(`${origin}${urlPath}`, { headers: sessionHeaders(session), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${urlPath}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
