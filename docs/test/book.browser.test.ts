// The real book in a real browser: Debian's Chromium, driven by playwright-core, against the
// book built from this repository and served on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { courseRoot } from '@scaling-lab/grader/course';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookSite, startBookSite, watchPage } from './support/book-site.ts';
import { type Browser, launchChromium } from './support/chromium.ts';
import { glossaryTerm, uniqueTerm } from './support/search-term.ts';

const ARTIFACTS = path.join(courseRoot(), 'test-artifacts', 'book');

/** The address without its query: a search result's link adds ?highlight=... to the section's URL. */
function withoutQuery(url: URL): string {
  const copy = new URL(url);
  copy.search = '';
  return copy.href;
}

describe('the book in Chromium', () => {
  let site: BookSite;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let pageUrls: string[];

  beforeAll(async () => {
    site = await startBookSite();
    browser = await launchChromium();
    page = await browser.context.newPage();
    watch = watchPage(page);
    pageUrls = site.build.pages.map((id) => site.url(id));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('loads every page with no console error and no failed request, and every internal link and anchor resolves', async () => {
    const idsByUrl = new Map<string, Set<string>>();
    const links = new Map<string, string>(); // target -> the page it was found on
    for (const url of [...pageUrls, site.url('print')]) {
      watch.reset();
      const response = await page.goto(url, { waitUntil: 'load' });
      expect(response?.status(), url).toBe(200);
      const found = await page.evaluate(() => ({
        ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
        hrefs: Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href),
      }));
      idsByUrl.set(url, new Set(found.ids));
      for (const href of found.hrefs) if (href.startsWith(site.server.url) && !links.has(href)) links.set(href, url);
      expect(watch.problems, url).toEqual([]);
    }
    const broken: string[] = [];
    for (const [href, from] of links) {
      const target = new URL(href);
      const anchor = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      const ids = idsByUrl.get(target.href);
      if (!ids) {
        const status = (await page.request.get(target.href)).status();
        if (status !== 200) broken.push(`${from} links to ${href}: HTTP ${status}`);
      } else if (anchor && !ids.has(anchor)) broken.push(`${from} links to ${href}: no element with id "${anchor}"`);
    }
    expect(broken).toEqual([]);
  });

  it('walks every page in order with "next", and back with "previous"', async () => {
    await page.goto(pageUrls[0]!);
    const forward = [page.url()];
    while ((await page.locator('.pager a[rel="next"]').count()) > 0) {
      await Promise.all([page.waitForURL((u) => u.href !== forward.at(-1)), page.locator('.pager a[rel="next"]').click()]);
      forward.push(page.url());
      expect(forward.length, 'the next links loop').toBeLessThanOrEqual(pageUrls.length);
    }
    expect(forward).toEqual(pageUrls);
    const backward = [page.url()];
    while ((await page.locator('.pager a[rel="prev"]').count()) > 0) {
      await Promise.all([page.waitForURL((u) => u.href !== backward.at(-1)), page.locator('.pager a[rel="prev"]').click()]);
      backward.push(page.url());
      expect(backward.length, 'the previous links loop').toBeLessThanOrEqual(pageUrls.length);
    }
    expect(backward).toEqual([...pageUrls].reverse());
  });

  it('turns pages with the arrow keys', async () => {
    await page.goto(pageUrls[1]!);
    await Promise.all([page.waitForURL(pageUrls[2]!), page.keyboard.press('ArrowRight')]);
    await Promise.all([page.waitForURL(pageUrls[1]!), page.keyboard.press('ArrowLeft')]);
  });

  it('searches from "/" and lands on the section that holds the term', async () => {
    const pick = uniqueTerm(site.build.outDir);
    await page.goto(pageUrls[0]!);
    await page.keyboard.press('/');
    const input = page.locator('.search-dialog input');
    await expect.poll(() => input.evaluate((e) => e === document.activeElement)).toBe(true);
    await input.fill(pick.term);
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(1);
    const expected = new URL(pick.url, site.server.url).href;
    // The result's address also carries ?highlight=<terms>, taken out again once they are marked.
    await Promise.all([page.waitForURL((url) => withoutQuery(url) === expected), input.press('Enter')]);
    await expect.poll(() => page.url(), { message: 'the highlight parameter leaves the address' }).toBe(expected);
    const anchor = decodeURIComponent(new URL(expected).hash.slice(1));
    await expect.poll(() => page.evaluate((id) => {
      const box = (id ? document.getElementById(id) : document.querySelector('h1'))?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.top < innerHeight;
    }, anchor), { message: `the heading #${anchor} is on screen` }).toBe(true);
  });

  it('gives every glossary term an anchor, and lands a search for a term on its row', async () => {
    const glossary = site.build.pages.find((id) => id.endsWith('/glossary'));
    expect(glossary, 'the book has a glossary').toBeDefined();
    await page.goto(site.url(glossary!));
    const rows = await page.evaluate(() => Array.from(document.querySelectorAll('.page tbody tr'), (tr) => ({ id: tr.id, term: tr.querySelector('td')?.textContent })));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.id), 'terms without an anchor').toEqual([]);
    const pick = glossaryTerm(site.build.outDir);
    await page.keyboard.press('/');
    const input = page.locator('.search-dialog input');
    await input.fill(pick.term);
    const expected = new URL(pick.url, site.server.url).href;
    const firstHit = async () => withoutQuery(new URL((await page.locator('.search-results li a').first().getAttribute('href')) ?? '', site.server.url));
    await expect.poll(firstHit, { timeout: 10_000 }).toBe(expected);
    await Promise.all([page.waitForURL((url) => withoutQuery(url) === expected), input.press('Enter')]);
    await expect.poll(() => page.evaluate(() => {
      const row = document.querySelector('tr:target')?.getBoundingClientRect();
      const topbar = document.querySelector('.topbar')!.getBoundingClientRect();
      return row !== undefined && row.top >= topbar.bottom && row.bottom <= innerHeight;
    }), { message: `the row of "${pick.term}" is the target and on screen, below the top bar` }).toBe(true);
  });

  it('shows no results for a nonsense term', async () => {
    await page.goto(pageUrls[0]!);
    await page.locator('.search-button').click();
    await page.locator('.search-dialog input').fill('qzxjvkwpl');
    await expect.poll(() => page.locator('.search-status').textContent(), { timeout: 10_000 }).toContain('No results');
    expect(await page.locator('.search-results li').count()).toBe(0);
  });

  it('keeps the dark theme across a reload, and saves a chapter page in both themes at desktop and phone widths', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const chapter = site.build.pages.find((id) => id.startsWith('chapters/'));
    expect(chapter, 'the book has a chapter').toBeDefined();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(site.url(chapter!));
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await theme()).toBe('light');
    await page.screenshot({ path: path.join(ARTIFACTS, 'chapter-light.png') });
    const lightBackground = await background();
    await page.locator('.theme-toggle').click();
    expect(await theme()).toBe('dark');
    await page.reload();
    expect(await theme()).toBe('dark');
    expect(await background()).not.toBe(lightBackground);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chapter-dark.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'chapter-dark-phone.png'), animations: 'disabled' });
    await page.locator('.theme-toggle').click();
    expect(await theme()).toBe('light');
    await page.screenshot({ path: path.join(ARTIFACTS, 'chapter-light-phone.png'), animations: 'disabled' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('holds every chapter on the print page', async () => {
    await page.goto(site.url('print'));
    for (const id of site.build.pages.filter((p) => p.startsWith('chapters/'))) {
      const section = page.locator(`section#${id.replace(/\//g, '-')}`);
      expect(await section.count(), id).toBe(1);
      expect(await section.locator('h1').count(), `${id} has its title`).toBeGreaterThan(0);
      expect(await section.locator('.chapter-card table.tasks').count(), `${id} has its tasks`).toBe(1);
    }
  });

  it('answers an unknown address with the styled 404 page', async () => {
    watch.reset();
    const response = await page.goto(`${site.server.url}no/such/page/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toContain('Page not found');
    expect(watch.problems.filter((p) => !p.includes('/no/such/page/'))).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.sidebar')!).position)).toBe('sticky');
  });
});
