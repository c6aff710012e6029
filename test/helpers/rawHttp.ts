import { connect } from 'node:net';

// Raw HTTP/1.1 at the socket, for what fetch cannot send: bodies cut off, trickled, stopped, or longer
// than their Content-Length.

/** Opens a connection, sends the head, then each part (`gapMs` apart); returns what came back. */
export function exchange(
  url: string,
  head: string,
  parts: string[],
  options: { gapMs?: number; hangUp?: boolean; trickle?: boolean } = {},
): Promise<{ text: string; closed: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    let closed = false;
    let stopWriting = false;
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      stopWriting = true;
    });
    // A reset after the server answered and closed is expected: what was received counts.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      stopWriting = true;
      resolve({ text, closed });
    });
    socket.on('connect', async () => {
      socket.write(head);
      for (const part of parts) {
        if (stopWriting) break;
        socket.write(part);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      // A trickling client goes on sending one byte at a time until it is answered or cut off (at
      // most 6,000 bytes, 10 minutes: the server's body deadline ends it long before).
      for (let sent = 0; options.trickle && !stopWriting && sent < 6_000; sent++) {
        socket.write(' ');
        await new Promise((r) => setTimeout(r, 100));
      }
      if (options.hangUp) socket.destroy();
    });
  });
}

export const head = (length: number, extra = '') =>
  `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;

export const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

