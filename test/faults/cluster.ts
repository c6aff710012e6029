import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort } from './harness.ts';

/**
 * A private PostgreSQL cluster for fault tests: restarting or killing it never disturbs the shared
 * server on 5432 that other tests use. Runs Debian's binaries as the postgres user, on loopback only.
 */
export class PrivateCluster {
  readonly dir: string;
  private readonly bin: string;

  constructor(readonly port: number) {
    const versions = readdirSync('/usr/lib/postgresql').sort();
    this.bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
    this.dir = mkdtempSync(join(tmpdir(), 'sourced-faults-'));
    chmodSync(this.dir, 0o777);
  }

  /** A new cluster on a free loopback port, running, with one empty database. */
  static async withDatabase(database: string): Promise<PrivateCluster> {
    const cluster = new PrivateCluster(await freePort());
    await cluster.init();
    await cluster.start();
    const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${database}`);
    await admin.end();
    return cluster;
  }

  static available(): boolean {
    return existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0;
  }

  // Asynchronous, so load generated from this process keeps running while the server restarts.
  private async asPostgres(command: string, args: string[]): Promise<string> {
    const asRoot = process.getuid?.() === 0;
    const file = asRoot ? 'runuser' : `${this.bin}/${command}`;
    const fullArgs = asRoot ? ['-u', 'postgres', '--', `${this.bin}/${command}`, ...args] : args;
    return (await promisify(execFile)(file, fullArgs, { timeout: 60_000 })).stdout;
  }

  async init(): Promise<void> {
    await this.asPostgres('initdb', ['-D', `${this.dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  async start(): Promise<void> {
    await this.asPostgres('pg_ctl', [
      '-D', `${this.dir}/data`, '-w', '-t', '30', '-l', `${this.dir}/log`,
      '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`,
      'start',
    ]);
  }

  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.asPostgres('pg_ctl', ['-D', `${this.dir}/data`, '-w', '-m', mode, 'stop']);
  }

  /** Stops the server and starts it again, after `downMs` more when given (a longer outage). */
  async restart(mode: 'fast' | 'immediate', downMs = 0): Promise<void> {
    await this.stop(mode);
    if (downMs) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  url(database = 'postgres', user = 'postgres'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
