import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { openDatabase } from '../../src/platform/db/connect.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium (the CI script does this)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The real server on a loopback port, with the job poller running as in production. */
export async function startServer(
  env: Record<string, string> = {},
  options: { port?: number; clock?: Clock } = {},
): Promise<{ runtime: Runtime; baseUrl: string; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-browser-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    POSTWARDEN_SECRET_KEY: 'b'.repeat(64),
    LOG_LEVEL: 'silent',
    // As in test/support/app.ts: the journeys sign in as administrators with passwords; the sign-in journey turns it on.
    NEW_TRUST_REQUIRES_SECOND_FACTOR: 'false',
    ...env,
  });
  const database = await openDatabase({});
  const runtime = await createRuntime(config, {
    database,
    logger: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  runtime.jobs.start(runtime.clock, 200);
  await runtime.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = runtime.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // With a port given, the address is BASE_URL's (localhost: WebAuthn refuses an IP address as its relying party).
  const baseUrl = options.port ? config.baseUrl : `http://127.0.0.1:${port}`;
  return {
    runtime,
    baseUrl,
    close: async () => {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fails on any WCAG 2.2 A or AA violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze();
  if (results.violations.length) {
    const detail = results.violations
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join('\n    ')}`,
      )
      .join('\n');
    throw new Error(`Accessibility violations on ${page.url()}:\n${detail}`);
  }
}

/** The narrowest screen every page must fit without scrolling sideways (WCAG 1.4.10 reflow: 320 CSS pixels). */
export const NARROWEST = 320;

/**
 * Fails unless the page, laid out at 320 px wide, is no wider than the screen
 * (`document.documentElement.scrollWidth <= 320`). The failure names the elements that stick out.
 * The page is put back to the size it had, so the journey carries on as before.
 */
export async function expectFitsNarrowScreen(page: Page): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: NARROWEST, height: 640 });
  try {
    const result = await page.evaluate((limit) => {
      const width = document.documentElement.scrollWidth;
      if (width <= limit) return { width, offenders: [] as string[] };
      const offenders: string[] = [];
      for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.right <= limit + 0.5 || box.width === 0) continue;
        // Only the innermost: an element whose children all fit is the one to fix.
        const childStickingOut = [...element.children].some((c) => c.getBoundingClientRect().right > limit + 0.5);
        if (childStickingOut) continue;
        const name =
          element.tagName.toLowerCase() +
          (element.id ? `#${element.id}` : '') +
          (typeof element.className === 'string' && element.className
            ? `.${element.className.trim().split(/\s+/).join('.')}`
            : '');
        offenders.push(
          `${name} (right edge ${Math.round(box.right)} px): ${(element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)}`,
        );
        if (offenders.length >= 8) break;
      }
      return { width, offenders };
    }, NARROWEST);
    if (result.width > NARROWEST) {
      throw new Error(
        `${page.url()} is ${result.width} px wide at a ${NARROWEST} px wide screen (WCAG 1.4.10 reflow):\n    ${result.offenders.join('\n    ')}`,
      );
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
