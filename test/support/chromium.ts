import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's `chromium` (or `CHROMIUM_PATH`), driven by playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where browser tests leave their screenshots. */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
/** Why browser tests are skipped here, or undefined when Chromium is installed. */
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install -y chromium fonts-liberation)`;

export interface Chromium {
  context: BrowserContext;
  /** A new page; script errors and console errors on it are collected in `problems`. */
  page(): Promise<{ page: Page; problems: string[] }>;
  /** Close the browser and remove its throwaway profile. */
  close(): Promise<void>;
}

/** Headless Chromium with a throwaway profile, offline-friendly (no background networking, no sync, no QUIC). */
export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<Chromium> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'actorcade-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async page() {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
