/**
 * A webhook receiver as its own operating-system process (started by webhook-receiver.ts):
 * it records every request's method, path, headers and exact body, tells its parent over
 * IPC, and answers with the next status of a sequence the parent sets (then 200). Being a
 * separate process, it can be killed and started again like a real receiver going down.
 */
import http from 'node:http';

type Message = { type: 'respond'; statuses: number[]; id: number } | { type: 'delay'; ms: number; id: number } | { type: 'echo'; on: boolean; id: number };

const send = (message: unknown) => process.send?.(message);
let statuses: number[] = [];
let delayMs = 0;
/** Answer with the request's own body (as receivers that log or quote what they got do). */
let echo = false;

process.on('message', (message: Message) => {
  if (message.type === 'respond') statuses = [...message.statuses];
  if (message.type === 'delay') delayMs = message.ms;
  if (message.type === 'echo') echo = message.on;
  send({ type: 'ack', id: message.id });
});
// The parent went away: so does the receiver.
process.on('disconnect', () => process.exit(0));

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const status = statuses.shift() ?? 200;
    const body = Buffer.concat(chunks).toString('utf8');
    send({
      type: 'request',
      request: { method: request.method, path: request.url, headers: request.headers, body, status, receivedAt: Date.now() },
    });
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(echo ? body : status < 300 ? 'thanks' : `refused with ${status}`);
    }, delayMs);
  });
});

server.listen(Number(process.env.RECEIVER_PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'listening', port: typeof address === 'object' && address !== null ? address.port : 0 });
});
