/** The web chat: a small client for POST /api/ask and /api/feedback. Bundled by esbuild at start. */
import { initCompareView } from './compare.js';

interface Citation {
  n: number;
  source: string;
  title: string;
  section: string;
  text: string;
  url?: string;
}
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
  let list: HTMLUListElement | null = null;
  for (const line of answer.answer.split('\n')) {
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
      container.appendChild(el('p', answer.abstained ? 'abstained' : undefined)).append(...inline(line, citations));
    }
  }
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
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(data?.error?.message ?? `The server answered ${response.status}. Try again in a moment.`);
  }
  return data as T;
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
    const answer = await postJson<Answer>('/api/ask', { question, history });
    renderAnswer(answerBox, answer);
    if (!answer.abstained) history = [...history, { question, answer: answer.answer }].slice(-6);
  } catch (error) {
    answerBox.removeAttribute('aria-busy');
    answerBox.replaceChildren(el('p', 'error', (error as Error).message || 'The advisor could not answer. Try again.'));
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
  const response = await fetch(url);
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
