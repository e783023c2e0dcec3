// What a reader meets in the real book, in Chromium: search results counted, cut at whole words
// and marked on the page they open; chapter diagrams that open full size on a phone; sidebar
// parts that fold and stay folded from page to page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookSite, startBookSite, watchPage } from './support/book-site.ts';
import { type Browser, launchChromium } from './support/chromium.ts';
import { commonTerm, uniqueTerm } from './support/search-term.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describe('reading the book in Chromium', () => {
  let site: BookSite;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let chapters: string[];

  beforeAll(async () => {
    site = await startBookSite();
    browser = await launchChromium();
    page = await browser.context.newPage();
    watch = watchPage(page);
    chapters = site.build.pages.filter((id) => id.startsWith('chapters/'));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function searchFor(term: string): Promise<void> {
    await page.keyboard.press('/');
    await page.locator('.search-dialog input').fill(term);
  }

  it('says "20 of N results" when the list is cut, lists more on demand, and starts every snippet on a whole word', async () => {
    const { term, count, textByUrl } = commonTerm(site.build.outDir);
    await page.setViewportSize(DESKTOP);
    await page.goto(site.url(''));
    await searchFor(term);
    const items = page.locator('.search-results li');
    await expect.poll(() => page.locator('.search-status').textContent(), { timeout: 10_000 }).toBe(`20 of ${count} results`);
    expect(await items.count()).toBe(20);
    await page.locator('.search-more').click();
    await expect.poll(() => items.count()).toBe(Math.min(40, count));
    expect(await page.locator('.search-status').textContent()).toBe(count > 40 ? `40 of ${count} results` : `${count} results`);
    expect(await page.locator('.search-dialog input').evaluate((e) => e === document.activeElement), 'the search box keeps the focus').toBe(true);

    const snippets = await page.locator('.search-results li a').evaluateAll((links) =>
      links.map((a) => ({ href: (a as HTMLAnchorElement).href, snippet: a.querySelector('.search-hit-snippet')?.textContent ?? '' })),
    );
    const problems: string[] = [];
    for (const { href, snippet } of snippets) {
      const url = new URL(href);
      const text = textByUrl.get(`${url.pathname.slice(1) || './'}${url.hash}`); // the index names the home page "./"
      if (text === undefined) {
        problems.push(`${href}: no section with this address in the index`);
        continue;
      }
      const body = snippet.replace(/^…/, '').replace(/…$/, '');
      const at = text.indexOf(body);
      if (at === -1) problems.push(`${href}: snippet "${snippet}" is not the section's text`);
      else if (snippet.startsWith('…') !== at > 0) problems.push(`${href}: snippet "${snippet}" shows no ellipsis where the text was cut, or one where it was not`);
      else if (at > 0 && !/\s/.test(text[at - 1]!)) problems.push(`${href}: snippet "${snippet}" starts in the middle of a word`);
      else if (at + body.length < text.length && !/\s/.test(text[at + body.length]!)) problems.push(`${href}: snippet "${snippet}" ends in the middle of a word`);
    }
    expect(problems).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('marks the searched terms on the page a result opens, keeping its #section', async () => {
    const pick = uniqueTerm(site.build.outDir);
    const expected = new URL(pick.url, site.server.url);
    await page.goto(site.url(''));
    watch.reset();
    await searchFor(pick.term);
    await expect.poll(() => page.locator('.search-results li').count(), { timeout: 10_000 }).toBe(1);
    const href = new URL((await page.locator('.search-results li a').getAttribute('href'))!, site.server.url);
    expect(href.searchParams.get('highlight')?.split(' ')).toContain(pick.term);
    await page.locator('.search-dialog input').press('Enter');
    await expect.poll(() => page.url(), { message: 'the address is the section again, without ?highlight' }).toBe(expected.href);
    const marks = await page.locator('.page mark.search-highlight').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.map((m) => m.toLowerCase())).toContain(pick.term);
    const anchor = decodeURIComponent(expected.hash.slice(1));
    if (anchor) {
      expect(await page.evaluate(() => document.querySelector(':target')?.id), 'the section is still the target').toBe(anchor);
      await expect.poll(() => page.evaluate((id) => {
        const box = document.getElementById(id)!.getBoundingClientRect();
        return box.top >= 0 && box.top < innerHeight;
      }, anchor), { message: `#${anchor} is on screen` }).toBe(true);
    }
    expect(await page.locator('.topbar mark, .sidebar mark, .outline mark').count(), 'only the page content is marked').toBe(0);
    expect(watch.problems).toEqual([]);
  });

  it('opens every chapter diagram full size from a link on a phone, and the page still does not scroll sideways', async () => {
    await page.setViewportSize(PHONE);
    const problems: string[] = [];
    let first: { page: string; src: string } | undefined; // the first diagram of the first chapter that has one
    for (const id of chapters) {
      await page.goto(site.url(id));
      const images = await page.locator('.page img').evaluateAll((imgs) =>
        imgs.map((img) => {
          const link = img.closest('a');
          const label = link?.querySelector('.image-link-label');
          return { src: (img as HTMLImageElement).src, href: link?.href, label: label ? `${label.textContent} ${label.getBoundingClientRect().height > 0 ? 'shown' : 'hidden'}` : '', width: img.getBoundingClientRect().width };
        }),
      );
      for (const image of images) {
        if (!image.src.endsWith('.svg')) continue;
        first ??= { page: id, src: image.src };
        if (image.href !== image.src) problems.push(`${id}: ${image.src} is not a link to itself (${image.href ?? 'no link'})`);
        if (image.label !== 'Open full size shown') problems.push(`${id}: ${image.src} has no visible "Open full size" label (${image.label || 'none'})`);
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (sideways > 0) problems.push(`${id}: the page scrolls sideways by ${sideways} px`);
    }
    expect(problems).toEqual([]);
    expect(first, 'a chapter has an SVG diagram').toBeDefined();
    await page.goto(site.url(first!.page));
    await Promise.all([page.waitForURL(first!.src), page.locator('.page a.image-link').first().click()]);
    expect(await page.evaluate(() => document.contentType), 'a tap opens the diagram alone').toBe('image/svg+xml');
    await page.setViewportSize(DESKTOP);
  });

  it('folds a sidebar part and keeps it folded on the next page, but always opens the current page’s part', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(site.url(chapters[0]!));
    const part = (key: string) => page.locator(`.sidebar details[data-part="${key}"]`);
    // A closed <details> keeps its content laid out but unrendered: checkVisibility() tells.
    const linksShown = (key: string) => part(key).locator('a').evaluateAll((links) => links.filter((a) => a.checkVisibility()).length);
    expect(await part('chapters').evaluate((d) => (d as HTMLDetailsElement).open), 'the current page’s part starts open').toBe(true);
    expect(await linksShown('chapters')).toBe(chapters.length);
    const concepts = site.build.pages.filter((id) => id.startsWith('concepts/'));
    expect(await linksShown('concepts')).toBe(concepts.length);

    await part('concepts').locator('summary').click();
    await expect.poll(() => linksShown('concepts'), { message: 'folding a part hides its links' }).toBe(0);
    await page.goto(site.url(chapters[1]!));
    expect(await linksShown('concepts'), 'still folded on the next page').toBe(0);
    expect(await linksShown('chapters')).toBe(chapters.length);

    await page.goto(site.url(concepts[0]!));
    expect(await linksShown('concepts'), 'the current page’s part opens, whatever was stored').toBe(concepts.length);
    await page.goto(site.url(chapters[0]!));
    expect(await linksShown('concepts'), 'and the reader’s fold is not forgotten').toBe(0);

    // From the keyboard: the part's summary takes the focus, Enter and Space fold and unfold it.
    await part('concepts').locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => linksShown('concepts')).toBe(concepts.length);
    await page.keyboard.press('Space');
    await expect.poll(() => linksShown('concepts')).toBe(0);
    await page.keyboard.press('Space');
    await expect.poll(() => linksShown('concepts')).toBe(concepts.length);
  });
});
