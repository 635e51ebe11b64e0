/** Bot Framework activities as Teams sends them to /api/messages, for the Teams tests. */
import type { FakeConnector } from './fake-connector.js';

export const BOT = { id: '28:advisor-bot', name: 'Partnership Advisor' };
let seq = 0;

export interface ActivityOptions {
  conversation?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  aad?: string;
  id?: string;
  mention?: boolean;
  deliveryMode?: 'expectReplies';
  value?: unknown;
}

/** A message activity from a user; its replies go to `connector` (or are returned, with expectReplies). */
export function message(connector: Pick<FakeConnector, 'url'>, text: string, o: ActivityOptions = {}) {
  const mentionText = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: o.id ?? `user-msg-${++seq}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: '29:user-1', name: 'Dana', aadObjectId: o.aad ?? `aad-user-${seq}` },
    recipient: BOT,
    conversation: { id: o.conversation ?? `a:personal-${seq}`, conversationType: o.conversationType ?? 'personal' },
    text: o.mention ? `${mentionText} ${text}` : text,
    ...(o.mention ? { entities: [{ type: 'mention', text: mentionText, mentioned: BOT }] } : {}),
    ...(o.deliveryMode ? { deliveryMode: o.deliveryMode } : {}),
    ...(o.value ? { value: o.value } : {}),
  };
}

/** The text of every TextBlock in card JSON. */
// biome-ignore lint/suspicious/noExplicitAny: walking card JSON.
export function textBlocks(node: any): string[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (node && typeof node === 'object') {
    return [...(node.type === 'TextBlock' ? [String(node.text)] : []), ...Object.values(node).flatMap(textBlocks)];
  }
  return [];
}

/** POSTs to `<url>/api/messages`; the body comes back parsed when it is JSON. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field below.
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}
