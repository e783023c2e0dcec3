// The real book's layout in Chromium: on a 390 px phone, on a 1280 px desktop and printed. Every
// check polls with a deadline (no fixed sleeps): the machine is shared with other test suites.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookSite, startBookSite } from './support/book-site.ts';
import { type Browser, launchChromium } from './support/chromium.ts';
import { codeToolProblems, printCodeProblems, printContentsProblems, widthProblems } from './support/layout-probes.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe('the book’s layout in Chromium', () => {
  let site: BookSite;
  let browser: Browser;
  let page: Page;
  let chapters: string[];

  beforeAll(async () => {
    site = await startBookSite();
    browser = await launchChromium();
    page = await browser.context.newPage();
    chapters = site.build.pages.filter((id) => id.startsWith('chapters/'));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('fits every page in its column at 390 and 1280 px: no sideways page scroll, wide content scrolls in its own box, table code unbroken', async () => {
    const problems: string[] = [];
    for (const id of [...site.build.pages, 'print']) {
      await page.setViewportSize(PHONE);
      await page.goto(site.url(id));
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        for (const problem of await page.evaluate(widthProblems)) problems.push(`${id || 'home'} at ${viewport.width} px: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows that a wide table scrolls: a fade on the side with more, keyboard-scrollable', async () => {
    await page.setViewportSize(PHONE);
    const wide = page.locator('.table-wrap[data-overflow~="end"]');
    for (const id of chapters) {
      await page.goto(site.url(id));
      if ((await wide.count()) > 0) break;
    }
    expect(await wide.count(), 'a chapter has a table wider than a phone').toBeGreaterThan(0);
    const wrap = (await wide.first().elementHandle())!; // the same box after its data-overflow changes
    const cue = () => wrap.evaluate((e) => ({ sides: (e as HTMLElement).dataset.overflow, mask: getComputedStyle(e).maskImage, tabIndex: (e as HTMLElement).tabIndex }));
    expect(await cue()).toMatchObject({ sides: 'end', tabIndex: 0 });
    expect((await cue()).mask).toContain('gradient');
    await wrap.evaluate((e) => e.scrollTo({ left: e.scrollWidth }));
    await expect.poll(async () => (await cue()).sides, { message: 'scrolled to the end, only the start fades' }).toBe('start');
    expect((await cue()).mask).toContain('gradient');
  });

  it('keeps the language label and copy button off the first code line on a phone', async () => {
    await page.setViewportSize(PHONE);
    const problems: string[] = [];
    for (const id of chapters) {
      await page.goto(site.url(id));
      await expect.poll(() => page.locator('.code-block .copy-button').count(), { message: `${id} has copy buttons` }).toBeGreaterThan(0);
      for (const problem of await page.evaluate(codeToolProblems)) problems.push(`${id}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('hides the closed menu drawer entirely on a phone (no shadow strip at the left edge)', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(site.url(chapters[0]!));
    const drawer = () => page.locator('.sidebar').evaluate((e) => {
      const style = getComputedStyle(e);
      return { visible: style.visibility === 'visible', shadow: style.boxShadow !== 'none', right: e.getBoundingClientRect().right };
    });
    const closed = await drawer();
    expect(closed.visible && closed.shadow, `closed drawer: ${JSON.stringify(closed)}`).toBe(false);
    await page.locator('.menu-toggle').click();
    await expect.poll(async () => (await drawer()).visible && (await drawer()).right > 100, { message: 'the drawer opens' }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await drawer()).visible, { message: 'the drawer closes' }).toBe(false);
  });

  it('lays the print page’s contents out without overlap on a phone and on a desktop', async () => {
    await page.goto(site.url('print'));
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      expect(await page.evaluate(printContentsProblems), `at ${viewport.width} px`).toEqual([]);
    }
  });

  it('wraps code and leaves out the code tools when printed', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(site.url('print'));
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('pre.code').count()).toBeGreaterThan(0);
      expect(await page.evaluate(printCodeProblems)).toEqual([]);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  it('keeps the current outline entry in view at the end of the longest chapter', async () => {
    const entries = (id: string) => readFileSync(path.join(site.build.outDir, id, 'index.html'), 'utf8').split('<li class="outline-h').length - 1;
    const longest = chapters.reduce((a, b) => (entries(b) > entries(a) ? b : a));
    await page.setViewportSize(DESKTOP);
    await page.goto(site.url(longest));
    const outline = page.locator('.outline');
    expect(await outline.evaluate((e) => e.scrollHeight - e.clientHeight), `${longest}'s outline is taller than its box`).toBeGreaterThan(0);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const state = () => outline.evaluate((box) => {
      const links = Array.from(box.querySelectorAll('a'));
      const active = box.querySelector('a.active');
      if (!active) return { last: false, inView: false };
      const frame = box.getBoundingClientRect();
      const item = active.getBoundingClientRect();
      return { last: active === links.at(-1), inView: item.top >= frame.top && item.bottom <= frame.bottom };
    });
    await expect.poll(state, { message: `the last entry of ${longest}'s outline is marked and in view` }).toEqual({ last: true, inView: true });
  });
});
