import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, expectFitsNarrowScreen } from './browser.ts';
import { PASSWORD } from '../support/world.ts';

/** What a journey runs against. Read on each step, so it may be given before `beforeAll` has set it up. */
export interface JourneyContext {
  browser: Browser;
  baseUrl: string;
  /** The seeded people, by key (as `seedWorld` makes them); every one's password is `PASSWORD`. */
  people: Record<string, { email: string }>;
}

export interface JourneyOptions {
  /** Whether `signIn` checks the sign-in page with axe (the first time it is seen). Default true. */
  checkSignInPage?: boolean;
}

/** Where a step should end up: a pattern for the address, or a test of it. */
export type Destination = RegExp | ((url: URL) => boolean);

/**
 * The steps the browser journeys are written in, keyboard first, with axe on every page checked and
 * every page checked to fit a 320 px wide screen without scrolling sideways (WCAG 1.4.10).
 * `visited` collects each checked page's path with ids as `:id`, and `checks` counts the checks, so a
 * test can say at the end that every page of the journey was checked.
 */
export function journey(context: () => JourneyContext, options: JourneyOptions = {}) {
  const { checkSignInPage = true } = options;
  const visited = new Set<string>();
  let checks = 0;

  async function visit(page: Page, path: string) {
    await page.goto(`${context().baseUrl}${path}`);
    await check(page);
  }

  async function check(page: Page) {
    visited.add(new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id'));
    checks += 1;
    await expectAccessible(page);
    await expectFitsNarrowScreen(page);
  }

  /** A new browser context signed in as the person; the page is wherever signing in leads. */
  async function signIn(key: string): Promise<Page> {
    const { browser, baseUrl, people } = context();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    if (checkSignInPage && !visited.has('/sign-in')) await check(page);
    await page.getByLabel('Email address').fill(people[key]!.email);
    await page.locator('#password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  /** The button by its whole name (a string) or a pattern (a RegExp). */
  const button = (page: Page, name: string | RegExp) =>
    page.getByRole('button', { name, exact: typeof name === 'string' });

  /** Presses the button with the keyboard and waits for the page to have loaded. */
  async function press(page: Page, name: string | RegExp) {
    await button(page, name).focus();
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
  }

  /**
   * Presses the button, waits for the page it leads to (which may be at the same address, as when
   * saving returns to the form, so it waits for the `load` event rather than for the address), and
   * checks that page.
   */
  async function pressTo(page: Page, name: string | RegExp, url: Destination) {
    const loaded = page.waitForEvent('load');
    await button(page, name).focus();
    await page.keyboard.press('Enter');
    await loaded;
    await page.waitForURL(url, { timeout: 1 });
    await check(page);
  }

  /** Follows a link (or a link styled as a button) with the keyboard alone, and checks where it leads. */
  async function follow(page: Page, name: string | RegExp, url: Destination, role: 'link' | 'button' = 'link') {
    await page.getByRole(role, { name }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(url);
    await check(page);
  }

  /** Presses the button and waits for the error summary, which must be accessible too. */
  async function refusedWith(page: Page, name: string | RegExp, messages: unknown[]) {
    await press(page, name);
    await page.waitForSelector('.govuk-error-summary');
    await check(page);
    const summary = (await page.locator('.govuk-error-summary__list li').allTextContents()).map((t) => t.trim());
    expect(summary).toEqual(messages);
    // GOV.UK Frontend moves focus to the summary, so a keyboard or screen reader user hears it first.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(true);
  }

  /** Ticks a checkbox or chooses a radio with the keyboard. */
  async function choose(page: Page, selector: string) {
    await page.locator(selector).focus();
    await page.keyboard.press('Space');
  }

  return {
    visited,
    /** How many pages have been checked with axe so far. */
    get checks() {
      return checks;
    },
    visit,
    check,
    signIn,
    press,
    pressTo,
    follow,
    refusedWith,
    choose,
  };
}

export type Journey = ReturnType<typeof journey>;
