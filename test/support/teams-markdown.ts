/**
 * What a Teams client shows for Markdown the bot sent, as far as the tests need it: CommonMark
 * backslash escapes resolved and invisible word joiners dropped. Links stay in `[label](url)` form.
 */
export function shownText(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replaceAll('\u2060', '');
}

/** The links a CommonMark renderer would make of the text: `[label](url)` not preceded by a backslash. */
export function linksIn(markdown: string): string[] {
  return [...markdown.matchAll(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/g)].map((m) => m[2] as string);
}

/** A reply activity as its reader sees it: the text of the message and of every TextBlock through `shownText`. */
// biome-ignore lint/suspicious/noExplicitAny: walking activity JSON.
export function asShown(node: any): any {
  if (Array.isArray(node)) return node.map(asShown);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, asShown(v)]));
  if ((node.type === 'TextBlock' || node.type === 'message') && typeof node.text === 'string')
    copy.text = shownText(node.text);
  return copy;
}
