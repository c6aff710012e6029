import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

const require = createRequire(import.meta.url);

export interface LogOutput {
  /** A person is watching: stdout is a terminal. */
  stdoutIsTTY: boolean;
  /** NODE_ENV=production: logs are for collectors, whatever stdout is (`docker run -t` makes it a terminal). */
  production: boolean;
  /** Finds a module's file, throwing when it is not installed (require.resolve). */
  resolve: (id: string) => string;
}

/**
 * Where pino-pretty is, when logs should be pretty: a terminal in development with the dev dependency
 * installed. Otherwise undefined, and logs are JSON lines. pino-pretty is a devDependency, absent from
 * `npm ci --omit=dev` installs such as the Docker image: its absence must never stop the server.
 */
export function prettyTransportTarget({ stdoutIsTTY, production, resolve }: LogOutput): string | undefined {
  if (!stdoutIsTTY || production) return undefined;
  try {
    return resolve('pino-pretty');
  } catch {
    return undefined;
  }
}

export function createLogger(level: string, output: Partial<LogOutput> = {}): Logger {
  const pretty = prettyTransportTarget({
    stdoutIsTTY: output.stdoutIsTTY ?? process.stdout.isTTY === true,
    // server/config.ts has applied .env (if any) to process.env by the time a logger is made.
    production: output.production ?? process.env.NODE_ENV === 'production',
    resolve: output.resolve ?? require.resolve,
  });
  return pino({
    level,
    base: { service: 'sourced' },
    redact: ['req.headers.cookie', 'password', '*.password'],
    transport: pretty ? { target: pretty, options: { translateTime: 'HH:MM:ss' } } : undefined,
  });
}
