/**
 * A chapter's declared address when it is an absolute http(s) URL, serialised (spaces, quotes and
 * angle brackets percent-encoded); undefined for javascript:, data: or anything unparsable. Channels
 * build their only links from this.
 */
export function httpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
}
