/**
 * Answer text for Slack's standard-markdown surfaces (the `markdown` block and streamed
 * `markdown_text`). The same guarantees as for mrkdwn: nothing a model or a chapter wrote can ping
 * anyone or hide where a link goes.
 */
import { SettledText } from '../../core/stream/settled-text.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** `[label](target)` and `![alt](target)`: a link whose label could disguise its address. */
const LINK = /!?\[([^\]\n]*)\]\(([^)\s]*)\)/g;

/**
 * Markdown links become `label (address)`, so the reader sees where they lead ([n] citation
 * markers keep their brackets); `&`, `<` and `>` are escaped, so `<@U123>`, `<!channel>` and
 * `<url|label>` stay text; bare `@channel`, `@here` and `@everyone` are broken up.
 */
export function toSlackMarkdown(text: string): string {
  const unlinked = text.replace(LINK, (_match, label: string, target: string) => {
    const shown = /^\d+$/.test(label) ? `[${label}]` : label;
    return shown && shown !== target ? `${shown} (${target})` : target;
  });
  return escapeMrkdwn(unlinked);
}

/**
 * `toSlackMarkdown` for a text that streams: a link or an @word still being written is held back
 * until it is complete, so that no piece shows a link's label before its address.
 */
export function liveSlackMarkdown(): SettledText {
  return new SettledText(toSlackMarkdown, (raw) => {
    const open = /!?\[[^\]\n]*(?:\]\([^)\s]*)?\]?$|@\w*$/.exec(raw);
    return open ? open.index : raw.length;
  });
}
