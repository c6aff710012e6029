import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

// Where emails go: an SMTP relay (SMTP_URL, through nodemailer's connection pool), or, without one,
// .eml files in MAIL_OUTBOX_DIR (the embedded start: nothing leaves the machine, a developer opens the
// file in a mail client). Addresses are never logged: a line names the subscriber's id.

export type MailTransportSettings = Pick<Config, 'SMTP_URL' | 'MAIL_OUTBOX_DIR'>;

/** One email, rendered (server/mail/messages.ts). */
export interface Email {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<local@host>`, stable per outbox row: a repeat is recognisable as such. */
  messageId: string;
  headers: Record<string, string>;
}

/** Which row an email is for: named in logs and file names instead of the address. */
export interface EmailMeta {
  outboxId: number;
  subscriberId: number;
}

/**
 * Why a send failed, as far as the worker must know:
 * - `retry`: the message was not accepted (a 4xx, a refused connection): try again later;
 * - `permanent`: the server refused the recipient for good (5xx to RCPT TO): give up now;
 * - `uncertain`: it may have been accepted (no answer in time once the conversation had begun,
 *   the send aborted at its deadline): never sent again on its own.
 */
export type SendOutcome = { ok: true; messageId: string } | { ok: false; kind: 'retry' | 'permanent' | 'uncertain'; error: string };

export interface MailTransport {
  readonly mode: 'smtp' | 'files';
  send(email: Email, meta: EmailMeta, signal: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface MailTransportOptions {
  /** SMTP connections kept open at once (the worker's concurrency). */
  maxConnections?: number;
  /** An SMTP conversation idle this long is dropped (ms). */
  socketTimeoutMs?: number;
}

export function createMailTransport(settings: MailTransportSettings, log: Logger, options: MailTransportOptions = {}): MailTransport {
  return settings.SMTP_URL ? new SmtpTransport(settings.SMTP_URL, options) : new FileTransport(settings.MAIL_OUTBOX_DIR, log);
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
}

/** How a nodemailer failure counts (see SendOutcome). */
export function classifySmtpError(error: unknown, aborted: boolean): { kind: 'retry' | 'permanent' | 'uncertain'; error: string } {
  const failure = error as SmtpError;
  const message = String(failure?.message ?? error).slice(0, 500);
  // The server answered with a code: the message was refused, certainly not accepted.
  if (typeof failure?.responseCode === 'number') {
    const permanent = failure.responseCode >= 500 && /^RCPT/i.test(failure.command ?? '');
    return { kind: permanent ? 'permanent' : 'retry', error: message };
  }
  // Aborted at the deadline, or silence mid-conversation: the server may have taken the message.
  if (aborted || failure?.code === 'EABORT' || (failure?.code === 'ETIMEDOUT' && failure.timeoutType === 'SOCKET_TIMEOUT')) {
    return { kind: 'uncertain', error: `no answer in time, it may have been accepted: ${message}` };
  }
  // Could not connect, greet or upgrade, or the connection dropped: taken as not handed over. (A
  // connection lost in the instant between the message's end and the server's answer is the one case
  // this retries that may already have arrived: RFC 1047's window, which SMTP cannot close.)
  return { kind: 'retry', error: message };
}

class SmtpTransport implements MailTransport {
  readonly mode = 'smtp' as const;
  private readonly mailer;

  constructor(url: string, options: MailTransportOptions) {
    const socketTimeout = options.socketTimeoutMs ?? 30_000;
    this.mailer = createTransport({
      url,
      pool: true,
      maxConnections: options.maxConnections ?? 4,
      maxMessages: 1_000,
      connectionTimeout: Math.min(socketTimeout, 15_000),
      greetingTimeout: Math.min(socketTimeout, 15_000),
      socketTimeout,
      // No DNS lookups or logs of addresses by nodemailer itself.
      logger: false,
      debug: false,
    });
  }

  async send(email: Email, _meta: EmailMeta, signal: AbortSignal): Promise<SendOutcome> {
    try {
      const info = await this.mailer.sendMail({ ...email, signal, disableFileAccess: true, disableUrlAccess: true });
      return { ok: true, messageId: info.messageId ?? email.messageId };
    } catch (error) {
      return { ok: false, ...classifySmtpError(error, signal.aborted) };
    }
  }

  async close(): Promise<void> {
    this.mailer.close();
  }
}

/** The Message-ID without its brackets, as a file name: `digest-2026-W49.subscriber-17`. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').split('@')[0]!.replace(/[^A-Za-z0-9._-]+/g, '_')}.eml`;
}

class FileTransport implements MailTransport {
  readonly mode = 'files' as const;
  private readonly mailer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  private ready: Promise<unknown> | null = null;

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  async send(email: Email, meta: EmailMeta): Promise<SendOutcome> {
    try {
      this.ready ??= mkdir(this.dir, { recursive: true }).catch((error) => {
        this.ready = null;
        throw error;
      });
      await this.ready;
      const info = await this.mailer.sendMail({ ...email, disableFileAccess: true, disableUrlAccess: true });
      const file = join(this.dir, emlFileName(email.messageId));
      // Whole or not at all: written aside, then renamed into place.
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      this.log.info({ file, subscriber: meta.subscriberId, outbox: meta.outboxId }, 'email written to the mail outbox folder (no SMTP_URL)');
      return { ok: true, messageId: info.messageId ?? email.messageId };
    } catch (error) {
      return { ok: false, kind: 'retry', error: String((error as Error)?.message ?? error).slice(0, 500) };
    }
  }

  async close(): Promise<void> {
    this.mailer.close();
  }
}
