import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { CUT_SHORT_NOTICE } from '../../src/core/advisor.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { launchChromium } from '../support/browser.js';
import { type OpenAIStub, startOpenAIStub, stubChatEnv } from '../support/openai-stub.js';

const OUT_DIR = path.resolve('test-results');

describe('web chat in headless Chromium', () => {
  let server: AdvisorServer;
  let browser: Browser;

  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LOG_LEVEL: 'silent' });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks, shows a cited answer, opens a citation, follows up and votes', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(server.url);
    await expect(page.title()).resolves.toBe('Partnership Advisor');

    await page.getByLabel('Your question').fill('What are the main risks of a joint venture?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const first = page.locator('.turn').nth(0);
    await first.locator('.sources').waitFor();
    const answerText = await first.locator('.answer').innerText();
    expect(answerText.toLowerCase()).toContain('joint venture');
    expect(await first.locator('.answer .cite').count()).toBeGreaterThan(0);

    await first.locator('.answer .cite').first().click();
    const dialog = page.locator('dialog#passage');
    await expect(dialog.isVisible()).resolves.toBe(true);
    expect((await dialog.locator('#passage-text').innerText()).length).toBeGreaterThan(40);
    expect(await dialog.locator('#passage-title').innerText()).toMatch(/^\[1\] \S/);
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByLabel('Your question').fill('and how should it be governed?');
    await page.keyboard.press('Enter');
    const second = page.locator('.turn').nth(1);
    await second.locator('.sources').waitFor();
    expect((await second.locator('.answer').innerText()).toLowerCase()).toMatch(/govern/);

    await second.getByRole('button', { name: 'Helpful', exact: true }).click();
    await second.getByText('Thanks for the feedback.').waitFor();
    await expect(
      second.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    await page.getByLabel('Your question').fill('What is the weather in Paris tomorrow?');
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.locator('.turn').nth(2).locator('.abstained').waitFor();

    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUT_DIR, 'web-chat.png'), fullPage: true });
    expect(existsSync(path.join(OUT_DIR, 'web-chat.png'))).toBe(true);
    expect(external).toEqual([]);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/advisor_answers_total\{channel="web",outcome="answered"\} 2/);
  });

  it('compares two partnership models in the Compare view and opens a cited passage', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Compare models' }).click();
    await expect(page.getByRole('tab', { name: 'Compare models' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('#chat-main').isHidden()).resolves.toBe(true);
    const picker = page.getByLabel('Model 1');
    await page.locator('#model-1 option[value="joint-venture"]').waitFor({ state: 'attached' });
    await picker.selectOption({ label: 'Joint venture' });
    await page.getByLabel('Model 2').selectOption({ label: 'Licensing and IP sharing' });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();

    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.locator('caption').innerText()).toBe('Joint venture vs Licensing and IP sharing');
    expect(await table.locator('thead th').allInnerTexts()).toEqual([
      'Dimension',
      'Joint venture',
      'Licensing and IP sharing',
    ]);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(7);
    const definition = rows.nth(0);
    expect(await definition.locator('th').innerText()).toBe('What it is');
    expect(await definition.locator('td').nth(0).innerText()).toMatch(
      /Joint ventures involve two or more organizations/,
    );
    expect(await table.locator('.not-covered').count()).toBeGreaterThan(0);

    await definition.locator('td').nth(1).locator('.cite').first().click();
    const dialog = page.locator('dialog#passage');
    await expect(dialog.isVisible()).resolves.toBe(true);
    expect(await dialog.locator('#passage-section').innerText()).toBe('Licensing and Intellectual Property Sharing');
    expect(await dialog.locator('#passage-text').innerText()).toMatch(
      /Licensing and intellectual property sharing partnerships involve/,
    );
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The same model twice: a clear message from the server, shown in place of the table.
    await page.getByLabel('Model 2').selectOption({ label: 'Joint venture' });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('#compare-result .error').waitFor();
    expect(await page.locator('#compare-result .error').innerText()).toMatch(/same model/);

    mkdirSync(OUT_DIR, { recursive: true });
    await page.getByLabel('Model 2').selectOption({ label: 'Co-creation' });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.getByRole('table').waitFor();
    await page.screenshot({ path: path.join(OUT_DIR, 'web-compare.png'), fullPage: true });
    expect(external).toEqual([]);
  });

  it('shows coverage, points a comparison at the Compare tab, and numbers wrapped sources on their first line at 390 px', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(server.url);

    // Partly covered: the notice says what the chapters do not cover, above the closest guidance.
    await page.getByLabel('Your question').fill('What are the downsides of a platform partnership?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const first = page.locator('.turn').nth(0);
    await first.locator('.sources').waitFor();
    expect(await first.locator('.coverage-notice').innerText()).toBe('Partly covered by the chapters.');
    expect(await first.locator('.answer').innerText()).toMatch(/The chapters don.t cover .*platform partnerships/);

    // Every wrapped source label has its number beside its first line: a zero-width probe put where the
    // list marker sits (the start of the item) is on the label's first line, not its last.
    const placements = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLLIElement>('.sources li')).map((li) => {
        const button = li.querySelector('button') as HTMLButtonElement;
        const range = document.createRange();
        range.selectNodeContents(button);
        const lines = Array.from(range.getClientRects());
        const probe = document.createElement('span');
        probe.textContent = '\u200b';
        li.prepend(probe);
        const at = probe.getBoundingClientRect();
        probe.remove();
        const firstLine = lines[0] as DOMRect;
        return { lines: lines.length, offset: Math.abs(at.top - firstLine.top), height: firstLine.height };
      }),
    );
    expect(placements.some((p) => p.lines > 1)).toBe(true);
    for (const p of placements) expect(p.offset).toBeLessThan(p.height / 2);

    // A free-text comparison answers with the contrast and opens the full table in the Compare tab.
    await page
      .getByLabel('Your question')
      .fill("What's the difference between a joint venture and a strategic alliance?");
    await page.getByRole('button', { name: 'Ask' }).click();
    const second = page.locator('.turn').nth(1);
    await second.locator('.sources').waitFor();
    await second.locator('.open-compare').click();
    const table = page.getByRole('table');
    await table.waitFor();
    expect(await table.locator('caption').innerText()).toBe('Joint venture vs Strategic alliance');
  });

  it('shows a clear message when the request fails', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    // Longer than MAX_QUESTION_CHARS once the page's own limit is lifted: the server refuses it.
    await page.evaluate(() => document.querySelector('#question')?.removeAttribute('maxlength'));
    await page.getByLabel('Your question').fill('z'.repeat(5000));
    await page.getByRole('button', { name: 'Ask' }).click();
    const error = page.locator('.turn .error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/limit/);
  });
});

describe("web chat streaming a hosted model's answer in headless Chromium", () => {
  const ANSWER =
    'A joint venture creates a **new entity** owned by its parents [1]. ' +
    'The parents share control, profits and losses in agreed proportions [2]. ' +
    'Governance needs a board with reserved matters and a clear exit route [1].';
  let stub: OpenAIStub;
  let server: AdvisorServer;
  let browser: Browser;

  beforeAll(async () => {
    stub = await startOpenAIStub({ pieceDelayMs: 60 });
    stub.setChatHandler(() => ANSWER);
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      PORT: '0',
      LOG_LEVEL: 'silent',
      // A stream that stops sending fails after 1.5 s (the mid-answer failures below).
      ...stubChatEnv(stub, { timeoutMs: 1500 }),
    });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stub?.close();
  });

  it('shows the answer as it is written, then its citations and sources at the end', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Your question').fill('What is a joint venture?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const answer = page.locator('.turn').nth(0).locator('.answer');
    // Part of the text is on screen while the model is still writing: no sources, no citation buttons yet.
    await answer.locator('.streaming').first().waitFor();
    const partial = await answer.innerText();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(ANSWER.length / 2);
    expect(await answer.locator('.sources').count()).toBe(0);
    expect(stub.streams.at(-1)?.outcome).toBe('streaming');

    await answer.locator('.sources').waitFor();
    expect(await answer.innerText()).toContain('The parents share control, profits and losses');
    expect(await answer.locator('strong').first().innerText()).toBe('new entity');
    expect(await answer.locator('.cite').count()).toBe(3);
    expect(await answer.getAttribute('aria-busy')).toBeNull();
  });

  it('keeps the text so far with a notice when the model stops mid-answer', async () => {
    stub.enqueueFault({ stallAfterPieces: 14, on: 'chat' });
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel('Your question').fill('What is a joint venture, briefly?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const answer = page.locator('.turn').nth(0).locator('.answer');
    await answer.locator('.notice').waitFor();
    expect(await answer.locator('.notice').innerText()).toBe(CUT_SHORT_NOTICE);
    expect(await answer.innerText()).toContain('A joint venture creates a new entity');
    expect(await answer.locator('.cite').count()).toBeGreaterThan(0);
  });
});
