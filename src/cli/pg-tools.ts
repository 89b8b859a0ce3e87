import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Running PostgreSQL's client programs (pg_dump, pg_restore, psql) for `meldroute backup` and
 * `restore`. The connection comes from DATABASE_URL through libpq's PG* environment variables,
 * so the password never appears on a command line (where `ps` shows it to every user).
 */
export class PgToolError extends Error {}

/** URL query parameters that libpq also reads from the environment. */
const PARAMETER_VARIABLES: Record<string, string> = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  dbname: 'PGDATABASE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

/** The environment for a client program connecting to DATABASE_URL; inherited PG* connection variables are replaced. */
export function libpqEnvironment(url: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...base };
  for (const variable of [...Object.values(PARAMETER_VARIABLES), 'PGSERVICE']) delete env[variable];
  const set = (variable: string, value: string) => {
    if (value) env[variable] = value;
  };
  set('PGHOST', decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1')));
  set('PGPORT', parsed.port);
  set('PGUSER', decodeURIComponent(parsed.username));
  set('PGPASSWORD', decodeURIComponent(parsed.password));
  set('PGDATABASE', decodeURIComponent(parsed.pathname.replace(/^\//, '')));
  for (const [name, value] of parsed.searchParams) {
    if (name in PARAMETER_VARIABLES) set(PARAMETER_VARIABLES[name]!, value);
  }
  // node-postgres spellings: ssl=true, sslmode=no-verify.
  if (env.PGSSLMODE === 'no-verify') env.PGSSLMODE = 'require';
  if (!env.PGSSLMODE && ['true', '1'].includes(parsed.searchParams.get('ssl') ?? '')) env.PGSSLMODE = 'require';
  return env;
}

/** Name the database for messages: `"meldroute" on db.example:5432`, never the password. */
export function describePostgres(url: string): string {
  const env = libpqEnvironment(url, {});
  return `PostgreSQL database "${env.PGDATABASE ?? env.PGUSER ?? ''}" on ${env.PGHOST ?? 'localhost'}${env.PGPORT ? `:${env.PGPORT}` : ''}`;
}

/** The last lines of a program's error output, for the operator. */
function tail(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-8).join('\n');
}

/** Wait until a child has exited and its streams are closed; keeps the end of its error output. */
function finished(child: ChildProcess, command: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString('utf8')).slice(-64 * 1024)));
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new PgToolError(`${command} was not found: install the PostgreSQL client programs (the server's major version or newer)`) : error),
    );
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}

/** Run a client program to its end and return its output; throws PgToolError with its last error lines when it fails. */
export async function runPgTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
  const result = await finished(child, command);
  if (result.code !== 0) throw new PgToolError(`${command} failed (exit code ${result.code}):\n${tail(result.stderr)}`);
  return stdout;
}

/**
 * Empties the target and restores `pg_restore`'s script into it, all in ONE transaction: psql gets
 * BEGIN, this block, the script, and COMMIT only when pg_restore has finished without error. Any error
 * (or pg_restore failing halfway) ends psql without COMMIT, and PostgreSQL rolls everything back.
 *
 * The block drops the schemas Meldroute uses (public, drizzle) so that nothing of the old database
 * remains, also tables of migrations newer than the backup; public is recreated with its owner and
 * privileges as they were.
 */
const CLEAR_SCHEMAS = `DO $clear$
DECLARE
  public_owner text;
  public_acl aclitem[];
  grant_item record;
BEGIN
  DROP SCHEMA IF EXISTS drizzle CASCADE;
  SELECT nspowner::regrole::text, nspacl INTO public_owner, public_acl FROM pg_namespace WHERE nspname = 'public';
  DROP SCHEMA IF EXISTS public CASCADE;
  CREATE SCHEMA public;
  IF public_owner IS NOT NULL THEN
    EXECUTE format('ALTER SCHEMA public OWNER TO %s', public_owner);
    FOR grant_item IN SELECT grantee, privilege_type FROM aclexplode(public_acl) LOOP
      EXECUTE format('GRANT %s ON SCHEMA public TO %s', grant_item.privilege_type,
        CASE WHEN grant_item.grantee = 0 THEN 'PUBLIC' ELSE grant_item.grantee::regrole::text END);
    END LOOP;
  END IF;
END
$clear$;
`;

export async function restoreInOneTransaction(archive: string, env: NodeJS.ProcessEnv): Promise<void> {
  const psql = spawn('psql', ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  const psqlDone = finished(psql, 'psql');
  const restore = spawn('pg_restore', ['--file=-', archive], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const restoreDone = finished(restore, 'pg_restore');
  // psql may stop early (an error): then its input is closed, and pg_restore must not wait on a full pipe.
  psql.stdin!.on('error', () => undefined);
  void psqlDone.finally(() => {
    if (restore.exitCode === null) restore.kill();
  }).catch(() => undefined);
  psql.stdin!.write(`BEGIN;\n${CLEAR_SCHEMAS}`);
  restore.stdout!.pipe(psql.stdin!, { end: false });
  let restored: Awaited<typeof restoreDone>;
  try {
    restored = await restoreDone;
  } catch (error) {
    psql.stdin!.end();
    await psqlDone.catch(() => undefined);
    throw error;
  }
  psql.stdin!.end(restored.code === 0 ? 'COMMIT;\n' : undefined);
  const applied = await psqlDone;
  if (restored.code !== 0 && applied.code === 0) {
    throw new PgToolError(`pg_restore failed (exit code ${restored.code}); nothing was changed:\n${tail(restored.stderr)}`);
  }
  if (applied.code !== 0) {
    throw new PgToolError(`the restore was rolled back, nothing was changed (psql exit code ${applied.code}):\n${tail(applied.stderr || restored.stderr)}`);
  }
}
