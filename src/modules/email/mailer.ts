/**
 * Outgoing mail over SMTP (nodemailer), configured by SMTP_URL: smtp:// (STARTTLS when the
 * server offers it) or smtps:// (TLS from the start). The URL may carry the password, so it
 * never reaches a log or an error message: nodemailer's own logging is off, and errors are
 * reduced to their message with the URL and its credentials cut out.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  replyTo?: string | undefined;
  subject: string;
  text: string;
  html: string;
  /** Message-ID: stable per message, so a receiver can recognise a repeat after a crash. */
  messageId: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Bounded waits, so a dead server fails the attempt (and it is retried) instead of hanging the worker. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000, dnsTimeout: 15_000 };

/** The secrets inside an SMTP URL (user and password, raw and decoded), to blank out of error text. */
function secretsOf(url: string): string[] {
  const secrets = [url];
  try {
    const parsed = new URL(url);
    for (const part of [parsed.password, parsed.username]) {
      if (part.length >= 3) secrets.push(part, decodeURIComponent(part));
    }
  } catch {
    // validated at start-up; nothing more to hide
  }
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('***');
  return result;
}

/** An SMTP failure as people can read it in the outbox, with nothing secret in it. */
export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailError';
  }
}

export function createSmtpMailer(smtpUrl: string): Mailer {
  const secrets = secretsOf(smtpUrl);
  const transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS, logger: false, debug: false });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          attachments: mail.attachments,
          // Headers come only from the fields above; nodemailer folds and encodes them.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        const raw = error instanceof Error ? error.message : String(error);
        throw new MailError(redact(raw, secrets).slice(0, 500) || 'The mail server refused the message');
      }
    },
    close() {
      transport.close();
    },
  };
}
