/**
 * The web chat: a small client for POST /api/ask (read as Server-Sent Events, so the answer shows
 * as it is written) and /api/feedback. Bundled by esbuild at build time.
 */
import { apiFetch } from './access.js';
import { type PageCitation as Citation, initCompareView } from './compare.js';

interface Answer {
  answerId: string;
  question: string;
  answer: string;
  abstained: boolean;
  coverage?: 'answered' | 'partial' | 'not_covered';
  coverageNotice?: string;
  suggestion?: { command: string; args: string; reason: 'full' | 'did-you-mean'; models?: string[] };
  citations: Citation[];
  notices: string[];
}
interface Turn {
  question: string;
  answer: string;
}

const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
};

const form = $<HTMLFormElement>('#ask-form');
const input = $<HTMLTextAreaElement>('#question');
const askButton = $<HTMLButtonElement>('#ask-button');
const conversation = $<HTMLOListElement>('#conversation');
const emptyState = $<HTMLElement>('#empty-state');
const dialog = $<HTMLDialogElement>('#passage');
const template = $<HTMLTemplateElement>('#turn-template');
let history: Turn[] = [];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showPassage(citation: Citation): void {
  $('#passage-title').textContent = `[${citation.n}] ${citation.title}`;
  $('#passage-section').textContent = citation.section || 'Introduction';
  $('#passage-text').textContent = citation.text;
  const source = $('#passage-source');
  source.textContent = `Source: ${citation.source}`;
  if (citation.url) {
    const link = el('a', undefined, citation.url);
    link.href = citation.url;
    link.rel = 'noopener noreferrer';
    source.append(' · ', link);
  }
  dialog.showModal();
}

/** Text with **bold** and [n] markers as DOM nodes: never innerHTML, so nothing is interpreted. */
function inline(text: string, citations: Map<number, Citation>): Node[] {
  const nodes: Node[] = [];
  for (const part of text.split(/(\[\d+\]|\*\*[^*]+\*\*)/)) {
    const marker = /^\[(\d+)\]$/.exec(part);
    const citation = marker ? citations.get(Number(marker[1])) : undefined;
    if (citation) {
      const button = el('button', 'cite', String(citation.n));
      button.type = 'button';
      button.setAttribute('aria-label', `Source ${citation.n}: ${citation.title}, ${citation.section}`);
      button.addEventListener('click', () => showPassage(citation));
      nodes.push(button);
    } else if (/^\*\*[^*]+\*\*$/.test(part)) {
      nodes.push(el('strong', undefined, part.slice(2, -2)));
    } else if (part) {
      nodes.push(document.createTextNode(part));
    }
  }
  return nodes;
}

/** Answer text as paragraphs and bullet lists; [n] markers become buttons once `citations` are known. */
function appendText(container: HTMLElement, text: string, citations: Map<number, Citation>, className?: string): void {
  let list: HTMLUListElement | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      list = null;
      continue;
    }
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    if (bullet) {
      list ??= container.appendChild(el('ul'));
      list.appendChild(el('li')).append(...inline(bullet[1] ?? '', citations));
    } else {
      list = null;
      container.appendChild(el('p', className)).append(...inline(line, citations));
    }
  }
}

/** The answer so far, while it is written (the sources follow with the whole answer). */
function renderPartial(container: HTMLElement, text: string): void {
  container.replaceChildren();
  appendText(container, text, new Map(), 'streaming');
}

function renderAnswer(container: HTMLElement, answer: Answer): void {
  container.replaceChildren();
  container.removeAttribute('aria-busy');
  if (answer.coverageNotice) {
    const notice = el('p', `coverage-notice ${answer.coverage ?? ''}`.trim(), answer.coverageNotice);
    notice.setAttribute('role', 'note');
    container.append(notice);
  }
  for (const notice of answer.notices) container.append(el('p', 'notice', notice));
  const citations = new Map(answer.citations.map((c) => [c.n, c]));
  appendText(container, answer.answer, citations, answer.abstained ? 'abstained' : undefined);
  const suggestion = answer.suggestion;
  if (suggestion?.command === 'compare') {
    // On the web the full table is the Compare tab, opened with the models already chosen.
    const names = suggestion.models ?? suggestion.args.split(' vs ');
    const open = el(
      'button',
      'open-compare',
      suggestion.reason === 'full'
        ? `See the full table in the Compare tab: ${names.join(' vs ')}`
        : `Compare ${names.join(' vs ')} instead`,
    );
    open.type = 'button';
    open.addEventListener('click', () => openComparison(names));
    const pointer = el('p', 'pointer');
    pointer.append(open);
    container.append(pointer);
  }
  if (answer.citations.length) {
    const sources = el('div', 'sources');
    sources.append(el('strong', undefined, 'Sources'));
    const ol = sources.appendChild(el('ol'));
    for (const c of answer.citations) {
      const button = el('button', undefined, `${c.title} › ${c.section || 'Introduction'}`);
      button.type = 'button';
      button.addEventListener('click', () => showPassage(c));
      const li = el('li');
      li.value = c.n;
      li.append(button);
      ol.append(li);
    }
    container.append(sources);
  }
  container.append(feedbackControls(answer.answerId));
}

function feedbackControls(answerId: string): HTMLElement {
  const box = el('div', 'feedback');
  const status = el('span', undefined, 'Was this helpful?');
  status.setAttribute('role', 'status');
  const vote = async (value: 'up' | 'down', button: HTMLButtonElement) => {
    const comment =
      value === 'down' ? (window.prompt('What was wrong with this answer? (optional)') ?? undefined) : undefined;
    try {
      await postJson('/api/feedback', { answerId, vote: value, ...(comment ? { comment } : {}) });
      for (const b of box.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
      status.textContent = 'Thanks for the feedback.';
    } catch (error) {
      status.textContent = `Feedback not saved: ${(error as Error).message}`;
    }
  };
  for (const [value, label, text] of [
    ['up', 'Helpful', '👍'],
    ['down', 'Not helpful', '👎'],
  ] as const) {
    const button = el('button', undefined, text);
    button.type = 'button';
    button.setAttribute('aria-label', label);
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => void vote(value, button));
    box.append(button);
  }
  box.append(status);
  return box;
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await apiFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failureOf(response);
  return (await response.json().catch(() => null)) as T;
}

/** A failed response's message, from its JSON error body when it has one. */
async function failureOf(response: Response): Promise<Error> {
  const data = await response.json().catch(() => null);
  return new Error(data?.error?.message ?? `The server answered ${response.status}. Try again in a moment.`);
}

/**
 * Asks for the answer as Server-Sent Events: `status` while searching, `delta`s of text shown as
 * they arrive, then `done` with the whole answer and its citations (or `error`).
 */
async function askStreamed(question: string, answerBox: HTMLElement): Promise<Answer> {
  const response = await apiFetch('/api/ask', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ question, history }),
  });
  if (!response.ok || !response.body || !/event-stream/.test(response.headers.get('content-type') ?? '')) {
    throw await failureOf(response);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
      if (event === 'status' && !text) {
        const working = answerBox.querySelector('.working');
        if (working) working.textContent = data.text;
      } else if (event === 'delta') {
        text += data.text;
        renderPartial(answerBox, text);
      } else if (event === 'done') {
        return data as Answer;
      } else if (event === 'error') {
        throw new Error(data?.error?.message ?? 'The advisor could not finish this answer. Try again.');
      }
    }
  }
  throw new Error('The connection closed before the answer was complete. Try again.');
}

async function ask(question: string): Promise<void> {
  emptyState.hidden = true;
  const turn = template.content.firstElementChild?.cloneNode(true) as HTMLLIElement;
  (turn.querySelector('.question') as HTMLElement).textContent = question;
  const answerBox = turn.querySelector('.answer') as HTMLElement;
  conversation.append(turn);
  turn.scrollIntoView({ block: 'end', behavior: 'smooth' });
  askButton.disabled = true;
  try {
    const answer = await askStreamed(question, answerBox);
    renderAnswer(answerBox, answer);
    if (!answer.abstained) history = [...history, { question, answer: answer.answer }].slice(-6);
  } catch (error) {
    answerBox.removeAttribute('aria-busy');
    // Text already shown stays, with the reason it stops there.
    answerBox.querySelector('.working')?.remove();
    answerBox.append(el('p', 'error', (error as Error).message || 'The advisor could not answer. Try again.'));
  } finally {
    askButton.disabled = false;
    input.focus();
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question) return;
  input.value = '';
  void ask(question);
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
for (const button of document.querySelectorAll<HTMLButtonElement>('.suggestion')) {
  button.addEventListener('click', () => void ask(button.textContent ?? ''));
}
$('#new-conversation').addEventListener('click', () => {
  history = [];
  conversation.replaceChildren();
  emptyState.hidden = false;
  input.focus();
});

// Views: the chat, and the comparison of partnership models.
async function getJson<T>(url: string): Promise<T> {
  const response = await apiFetch(url);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message ?? `The server answered ${response.status}.`);
  return data as T;
}
const compareView = initCompareView({ el, showPassage, getJson, postJson });
/** Opens the Compare tab with these models (by name) and shows their table. */
function openComparison(names: readonly string[]): void {
  const tab = document.getElementById('tab-compare') as HTMLButtonElement | null;
  if (tab) selectTab(tab);
  void compareView.compare(names);
}
const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
function selectTab(tab: HTMLButtonElement): void {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    for (const id of (t.getAttribute('aria-controls') ?? '').split(/\s+/).filter(Boolean)) {
      const panel = document.getElementById(id);
      if (panel) panel.hidden = !selected;
    }
  }
  if (tab.id === 'tab-compare') void compareView.load();
}
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    if (next) {
      selectTab(next);
      next.focus();
    }
  });
});
