/**
 * A real SMTP server (the `smtp-server` package) on a free local port, for tests of mail
 * delivery: it requires the credentials given, parses what it receives (mailparser), and
 * can be told to refuse messages (451 at DATA) or be stopped and started again on the same
 * port, like a mail server that is down.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './process.ts';

export interface ReceivedMail {
  /** The SMTP envelope: who the server was told the message is from and for. */
  mailFrom: string;
  rcptTo: string[];
  mail: ParsedMail;
  raw: Buffer;
}

export interface TestSmtp {
  port: number;
  /** smtp://user:password@127.0.0.1:port */
  url: string;
  user: string;
  password: string;
  received: ReceivedMail[];
  /** While set, every message is refused at DATA with this reply. */
  refuse: { code: number; message: string } | null;
  /** How many messages were refused so far. */
  refused: number;
  stop(): Promise<void>;
  /** Listens again on the same port after stop(). */
  restart(): Promise<void>;
}

export async function startSmtpServer(options: { user?: string; password?: string } = {}): Promise<TestSmtp> {
  const user = options.user ?? 'mailer';
  const password = options.password ?? 'sm7p-Pa55word!';
  const port = await freePort();
  let server: SMTPServer | null = null;

  const smtp: TestSmtp = {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    user,
    password,
    received: [],
    refuse: null,
    refused: 0,
    stop: async () => {
      const current = server;
      server = null;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    restart: async () => {
      if (server === null) await listen();
    },
  };

  function create(): SMTPServer {
    return new SMTPServer({
      // Plain SMTP with AUTH on loopback; a production server would offer TLS.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      size: 20 * 1024 * 1024,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (smtp.refuse !== null) {
            smtp.refused += 1;
            const error = Object.assign(new Error(smtp.refuse.message), { responseCode: smtp.refuse.code });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((mail) => {
              const from = session.envelope.mailFrom;
              smtp.received.push({ mailFrom: from ? from.address : '', rcptTo: session.envelope.rcptTo.map((r) => r.address), mail, raw });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  async function listen(): Promise<void> {
    const next = create();
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    next.on('error', () => undefined);
    server = next;
  }

  await listen();
  return smtp;
}
