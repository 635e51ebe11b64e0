/**
 * The WebSocket side of a fake Slack Socket Mode: just enough RFC 6455 (handshake, text frames,
 * ping/pong, close) to send envelopes to the app and read its acknowledgements. No dependency:
 * the app's client (undici) speaks standard WebSocket.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            (() => {
              const b = Buffer.alloc(8);
              b.writeBigUInt64BE(BigInt(length));
              return b;
            })(),
          ]);
  return Buffer.concat([head, payload]);
}

/** Reads complete client frames (always masked) from `buffer`; returns them and the unread rest. */
function readFrames(buffer: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const b0 = buffer[offset] as number;
    const b1 = buffer[offset + 1] as number;
    let length = b1 & 0x7f;
    let pos = offset + 2;
    if (length === 126) {
      if (buffer.length < pos + 2) break;
      length = buffer.readUInt16BE(pos);
      pos += 2;
    } else if (length === 127) {
      if (buffer.length < pos + 8) break;
      length = Number(buffer.readBigUInt64BE(pos));
      pos += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const maskEnd = pos + (masked ? 4 : 0);
    if (buffer.length < maskEnd + length) break;
    const payload = Buffer.from(buffer.subarray(maskEnd, maskEnd + length));
    if (masked)
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (buffer[pos + (i % 4)] as number);
    frames.push({ opcode: b0 & 0x0f, payload });
    offset = maskEnd + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export interface SocketModeFake {
  /** Resolves once an app has connected and received "hello". */
  connected(): Promise<void>;
  /** Sends an envelope (events_api, slash_commands, interactive) and resolves with the app's ack payload. */
  send(type: string, payload: unknown, extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

/** Serves WebSocket upgrades on `server` at `path`. */
export function attachSocketMode(server: Server, path: string): SocketModeFake {
  let socket: Duplex | undefined;
  let onConnect: (() => void) | undefined;
  const connectedOnce = new Promise<void>((resolve) => {
    onConnect = resolve;
  });
  const waiting = new Map<string, (payload: Record<string, unknown>) => void>();

  server.on('upgrade', (req: IncomingMessage, s: Duplex) => {
    if (!req.url?.startsWith(path)) {
      s.destroy();
      return;
    }
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
    s.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = s;
    let pending: Buffer = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const f of frames) {
        if (f.opcode === 0x9) s.write(frame(0xa, f.payload));
        else if (f.opcode === 0x8) {
          s.end(frame(0x8, f.payload.subarray(0, 2)));
        } else if (f.opcode === 0x1) {
          const message = JSON.parse(f.payload.toString('utf8')) as {
            envelope_id?: string;
            payload?: Record<string, unknown>;
          };
          if (message.envelope_id) waiting.get(message.envelope_id)?.(message.payload ?? {});
        }
      }
    });
    s.on('error', () => {});
    s.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }))));
    onConnect?.();
  });

  return {
    connected: () => connectedOnce,
    send: (type, payload, extra = {}) =>
      new Promise((resolve, reject) => {
        if (!socket) {
          reject(new Error('no Socket Mode client is connected'));
          return;
        }
        const envelopeId = randomUUID();
        const timer = setTimeout(() => reject(new Error(`no ack for ${type}`)), 10_000);
        waiting.set(envelopeId, (ack) => {
          clearTimeout(timer);
          waiting.delete(envelopeId);
          resolve(ack);
        });
        const envelope = {
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          ...extra,
        };
        socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      }),
    close: () => socket?.destroy(),
  };
}
