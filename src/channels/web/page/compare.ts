/** The "Compare" view: model pickers for GET /api/models and a table from POST /api/compare. */

export interface PageCitation {
  n: number;
  source: string;
  title: string;
  section: string;
  text: string;
  url?: string;
}
interface CatalogModel {
  id: string;
  name: string;
  aliases: string[];
}
interface Comparison {
  models: CatalogModel[];
  rows: Array<{
    dimension: { id: string; label: string };
    cells: Array<{ text: string; covered: boolean; citations: number[] }>;
  }>;
  citations: PageCitation[];
  notices: string[];
}

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
) => HTMLElementTagNameMap[K];

export interface CompareViewDeps {
  readonly el: El;
  readonly showPassage: (citation: PageCitation) => void;
  readonly getJson: <T>(url: string) => Promise<T>;
  readonly postJson: <T>(url: string, body: unknown) => Promise<T>;
}

const PICKERS = 4;

export function initCompareView(deps: CompareViewDeps): {
  load(): Promise<void>;
  compare(names: readonly string[]): Promise<void>;
} {
  const { el } = deps;
  const form = document.querySelector<HTMLFormElement>('#compare-form');
  const result = document.querySelector<HTMLElement>('#compare-result');
  const status = document.querySelector<HTMLElement>('#compare-status');
  const button = document.querySelector<HTMLButtonElement>('#compare-button');
  if (!form || !result || !status || !button) throw new Error('compare view markup is missing');
  const pickers = Array.from({ length: PICKERS }, (_, i) =>
    document.querySelector<HTMLSelectElement>(`#model-${i + 1}`),
  );
  let loaded: Promise<void> | null = null;

  const load = (): Promise<void> => {
    loaded ??= (async () => {
      status.textContent = 'Loading the partnership models…';
      try {
        const { models } = await deps.getJson<{ models: Array<{ model: CatalogModel }> }>('/api/models');
        pickers.forEach((select, i) => {
          if (!select) return;
          select.replaceChildren();
          if (i >= 2) select.append(new Option('— none —', ''));
          for (const { model } of models) select.append(new Option(model.name, model.id));
          if (i < 2) select.value = models[i]?.model.id ?? '';
        });
        status.textContent = '';
        button.disabled = false;
      } catch (error) {
        loaded = null;
        status.textContent = `Could not load the models: ${(error as Error).message}`;
      }
    })();
    return loaded;
  };

  const citeButton = (c: PageCitation): HTMLButtonElement => {
    const b = el('button', 'cite', String(c.n));
    b.type = 'button';
    b.setAttribute('aria-label', `Source ${c.n}: ${c.title}, ${c.section || 'Introduction'}`);
    b.addEventListener('click', () => deps.showPassage(c));
    return b;
  };

  const renderCell = (
    td: HTMLElement,
    cell: Comparison['rows'][number]['cells'][number],
    byN: Map<number, PageCitation>,
  ) => {
    if (!cell.covered) {
      td.append(el('p', 'not-covered', cell.text));
      return;
    }
    let list: HTMLUListElement | null = null;
    let last: HTMLElement | null = null;
    for (const line of cell.text.split('\n')) {
      const bullet = /^- (.*)$/.exec(line);
      if (bullet) {
        list ??= td.appendChild(el('ul'));
        last = list.appendChild(el('li', undefined, bullet[1]));
      } else {
        list = null;
        last = td.appendChild(el('p', undefined, line));
      }
    }
    const target = last ?? td;
    for (const n of cell.citations) {
      const c = byN.get(n);
      if (c) target.append(' ', citeButton(c));
    }
  };

  const render = (comparison: Comparison) => {
    result.replaceChildren();
    for (const notice of comparison.notices) result.append(el('p', 'notice', notice));
    const byN = new Map(comparison.citations.map((c) => [c.n, c]));
    const wrap = result.appendChild(el('div', 'table-wrap'));
    wrap.tabIndex = 0; // scrollable by keyboard on narrow screens
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', 'Comparison table');
    const table = wrap.appendChild(el('table', 'comparison'));
    table.append(el('caption', undefined, comparison.models.map((m) => m.name).join(' vs ')));
    const head = table.appendChild(el('thead')).appendChild(el('tr'));
    head.append(el('th', undefined, 'Dimension'));
    for (const m of comparison.models) head.append(el('th', undefined, m.name));
    for (const th of head.querySelectorAll('th')) th.scope = 'col';
    const body = table.appendChild(el('tbody'));
    for (const row of comparison.rows) {
      const tr = body.appendChild(el('tr'));
      const th = tr.appendChild(el('th', undefined, row.dimension.label));
      th.scope = 'row';
      for (const cell of row.cells) renderCell(tr.appendChild(el('td')), cell, byN);
    }
    if (comparison.citations.length) {
      const sources = result.appendChild(el('div', 'sources'));
      sources.append(el('strong', undefined, 'Sources'));
      const ol = sources.appendChild(el('ol'));
      for (const c of comparison.citations) {
        const b = el('button', undefined, `${c.title} › ${c.section || 'Introduction'}`);
        b.type = 'button';
        b.addEventListener('click', () => deps.showPassage(c));
        const li = ol.appendChild(el('li'));
        li.value = c.n;
        li.append(b);
      }
    }
  };

  /** Asks for the comparison of `names` and shows it, or what went wrong. */
  const run = async (names: readonly string[]): Promise<void> => {
    status.textContent = 'Comparing…';
    result.setAttribute('aria-busy', 'true');
    try {
      render(await deps.postJson<Comparison>('/api/compare', { models: names }));
    } catch (error) {
      result.replaceChildren(el('p', 'error', (error as Error).message || 'The comparison failed. Try again.'));
    } finally {
      status.textContent = '';
      result.removeAttribute('aria-busy');
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const names = pickers.map((s) => s?.value ?? '').filter(Boolean);
    button.disabled = true;
    try {
      await run(names);
    } finally {
      button.disabled = false;
    }
  });
  /** Chooses the models by name (as an answer names them) and shows their table. */
  const compare = async (names: readonly string[]): Promise<void> => {
    await load();
    let matched = 0;
    pickers.forEach((select, i) => {
      if (!select) return;
      const wanted = names[i]?.toLowerCase();
      const option = Array.from(select.options).find((o) => wanted !== undefined && o.text.toLowerCase() === wanted);
      select.value = option ? option.value : '';
      if (option?.value) matched++;
    });
    if (matched === names.length) {
      form.requestSubmit();
      return;
    }
    // Names as typed ("JV"): the server resolves aliases.
    await run(names);
  };
  return { load, compare };
}
