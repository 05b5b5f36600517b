/**
 * The console in a real browser: Debian's Chromium (package `chromium`, installed by .ci/run) driven by
 * playwright-core, against the review routes on a real server and database. With REVIEW_SCREENSHOTS=DIR
 * the test also saves the queue and cluster views there (the README's pictures: docs/).
 */
import type { FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { dropSchemas, openTestDatabase } from '../db/helpers.js';
import { generatedRecords, reviewDatabase, reviewServer, type ReviewFixture } from './review-fixture.js';

/** Debian's package puts the browser here; nothing is downloaded. */
const CHROMIUM = '/usr/bin/chromium';
/** Generated records beside the fixture: enough for a queue worth sorting, few enough to scan in seconds. */
const GENERATED = 800;
const SHOTS = process.env.REVIEW_SCREENSHOTS;

let db: Database;
let fx: ReviewFixture;
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await reviewDatabase(db, await generatedRecords(GENERATED));
  ({ app, base } = await reviewServer(db, fx.schema));
  // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await dropSchemas(db, [fx.source, fx.schema]);
  await db.close();
});

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined || SHOTS === '') return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}

const memberIds = (page: Page): Promise<string[]> => page.locator('[data-testid=members] th[data-member]').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-member')!));

describe('review console in Chromium', () => {
  it('opens the queue, opens a cluster, splits a member by keyboard; the decision survives a reload and a rebuild honours it', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/review');
    await page.locator('#queue-body tr').first().waitFor();
    expect(await page.locator('[data-count=clusters] b').textContent()).not.toBe('0');
    expect(await page.locator('#chart svg rect').count()).toBeGreaterThan(0);
    await page.fill('#reviewer', 'steward-1');
    await page.locator('#reviewer').dispatchEvent('change');
    // The default order: weakest clusters first.
    await shot(page, 'review-queue.png');
    // Largest clusters first: the four registrations of one shop are among them.
    await page.selectOption('#f-sort', 'size');
    await page.selectOption('#f-order', 'desc');
    const sizes = async (): Promise<number[]> => (await page.locator('#queue-body tr td:nth-child(2)').allTextContents()).map(Number);
    const descending = (v: number[]): boolean => v.every((x, i) => i === 0 || v[i - 1]! >= x);
    // The fixture's four-record cluster guarantees a head of 4 or more once the new order is shown.
    await expect.poll(async () => descending(await sizes()) && (await sizes())[0]! >= 4, { timeout: 15_000 }).toBe(true);

    // j moves the selection down the queue.
    await page.locator('#queue-body tr').first().focus();
    await page.keyboard.press('j');
    expect(await page.locator('#queue-body tr').nth(1).getAttribute('class')).toBe('sel');
    const ours = page.locator('#queue-body tr', { hasText: '陈记烧烤（五道口店）' });
    await ours.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=members]').waitFor();
    expect(await memberIds(page)).toEqual(['R001', 'R002', 'R003', 'R004']);
    expect(await page.locator('th[data-member=R001] [data-canonical]').count()).toBe(1);
    expect(await page.locator('[data-testid=distance-plot] circle').count()).toBe(4);
    await shot(page, 'review-cluster.png');
    const clusterUrl = page.url();

    // Pick the third member and split it out, by keyboard only.
    await page.keyboard.press('l');
    await page.keyboard.press('l');
    await page.keyboard.press('s');
    await page.locator('th[data-member=R003] [data-split]').waitFor();

    await page.reload();
    await page.locator('[data-testid=decisions]').waitFor();
    expect(page.url()).toBe(clusterUrl);
    expect(await page.locator('th[data-member=R003] [data-split]').count()).toBe(1);
    expect(await page.locator('[data-testid=decisions]').textContent()).toContain('steward-1');

    await fx.scan();
    await page.reload();
    await page.locator('[data-testid=members]').waitFor();
    expect(await memberIds(page)).toEqual(['R001', 'R002', 'R004']);
    expect(await page.locator('[data-testid=decisions]').textContent()).toContain('split');
    expect(errors).toEqual([]);
  });
});
