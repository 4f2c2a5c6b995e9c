// Drives the docsift playground in Debian's headless Chromium against a
// running server: load the page, analyse the seed article, check that the
// body, entities, topics and removed boilerplate appear, and save a
// screenshot.
//
//   node playground.mjs <baseURL> <screenshot.png>
//
// The server must run with --max-html-bytes 65536 (the error check sends more).
//
// Exits non-zero, saying why, on the first failed check.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shot] = process.argv.slice(2);
if (!base || !shot) {
  console.error('usage: node playground.mjs <baseURL> <screenshot.png>');
  process.exit(2);
}
const origin = new URL(base).origin;
const profile = mkdtempSync(join(tmpdir(), 'docsift-chromium-'));
const problems = []; // console errors, page errors, foreign requests

function check(ok, what) {
  if (!ok) throw new Error('check failed: ' + what);
  console.log('ok -', what);
}

// A fresh profile in a temp dir (playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1100, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failed = false;
try {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:')) problems.push('request outside the server: ' + u);
  });

  const resp = await page.goto(base + '/');
  check(resp && resp.status() === 200, 'GET / answers 200');
  check(await page.title() === 'docsift playground', 'the page is the playground');
  check(await page.locator('a[href="/openapi.json"]').count() === 1, 'links to /openapi.json');
  check(await page.locator('a[href="/v1/capabilities"]').count() === 1, 'links to /v1/capabilities');
  check(await page.getByLabel('Article: plain text or HTML').count() === 1, 'the text area has a label');

  // Load the seed, then analyse with the keyboard shortcut.
  await page.getByRole('button', { name: 'Load the seed article' }).click();
  const seed = await page.locator('#input').inputValue();
  check(seed.startsWith('Russia expels eight Japanese diplomats'), 'the seed article loads into the text area');
  check(await page.evaluate(() => document.activeElement.id) === 'input', 'focus returns to the text area');
  await page.keyboard.press('Control+Enter');
  await page.locator('#status', { hasText: 'Analysed in' }).waitFor();
  console.log('status:', await page.locator('#status').textContent());

  // Body with entity mentions highlighted from their spans.
  const body = await page.locator('#body').textContent();
  check(body.startsWith('Moscow said on Wednesday it was expelling eight Japanese diplomats'), 'the cleaned body appears');
  check(!body.includes('SUBSCRIBE NOW'), 'the body has no boilerplate');
  check(await page.locator('#title-out').textContent() === 'Russia expels eight Japanese diplomats in tit-for-tat move', 'the title appears');
  const marks = await page.locator('#body mark').evaluateAll((ms) => ms.map((m) => [m.textContent, m.dataset.type, m.dataset.tip]));
  check(marks.length >= 20, `entity mentions are highlighted (${marks.length})`);
  check(marks.some(([t, k]) => t === 'Tokyo' && k === 'LOCATION'), 'Tokyo is marked as a place');
  check(marks.some(([t, k]) => t === 'International Criminal Court' && k === 'ORGANIZATION'), 'the ICC is marked as an organisation');
  check(marks.some(([t, , tip]) => t === 'ICC' && tip.includes('International Criminal Court')), 'a mention shows its canonical entity');
  check(marks.some(([, , tip]) => /value: \d/.test(tip)), 'a mention shows its normalised value');
  // Spans are UTF-16 offsets: each mark must be exactly its mention's text.
  const bad = await page.evaluate(async () => {
    const d = JSON.parse(document.getElementById('raw').textContent);
    const wrong = [];
    for (const e of d.entities) for (const m of e.mentions) {
      if (d.content.body.slice(m.span.beginUtf16, m.span.endUtf16) !== m.text) wrong.push(m.text);
    }
    return wrong;
  });
  check(bad.length === 0, 'every mention span slices its text out of the body' + (bad.length ? ': ' + bad.join(', ') : ''));

  // Hovering a mention shows its type, entity and value.
  const first = page.locator('#body mark[data-type="LOCATION"]').first();
  await first.hover();
  const tipShown = await first.evaluate((m) => getComputedStyle(m, '::after').content);
  check(tipShown.includes('Place: '), 'hovering a mention shows a tooltip: ' + tipShown.replace(/\n/g, ' | '));

  // Entities table, topics, removed blocks, metadata, timings, raw JSON.
  const rows = await page.locator('#entities tbody tr').count();
  check(rows >= 10, `the entities table lists the entities (${rows})`);
  const topics = await page.locator('#topics li').allTextContents();
  check(topics.some((t) => t.includes('conflict, war and peace')), 'the topic "conflict, war and peace" appears');
  check(topics.some((t) => t.includes('Because of:')), 'topics show their explaining terms');
  const width = await page.locator('#topics .bar div').first().evaluate((d) => d.getBoundingClientRect().width);
  check(width > 50, 'the top topic has a visible score bar');
  const removed = await page.locator('#removed').textContent();
  check(removed.includes('SUBSCRIBE NOW') && removed.includes('boilerplate'), 'removed boilerplate is listed with its reason');
  const meta = await page.locator('#meta').textContent();
  check(meta.includes('en (confidence'), 'the metadata shows the language');
  const timings = await page.locator('#timings').textContent();
  check(timings.includes('entities') && timings.includes('round trip'), 'timings are shown');
  check((await page.locator('#raw').textContent()).includes('"modelVersions"'), 'the raw JSON is there');

  // Places: resolved GeoNames places with a country badge and coordinates,
  // plotted on the offline grid.
  const tokyoPlace = await page.locator('#entities tbody tr', { has: page.locator('button', { hasText: /^Tokyo$/ }) }).locator('td').last().textContent();
  check(/JP\s*Tokyo/.test(tokyoPlace) && tokyoPlace.includes('35.69°N 139.69°E'), 'Tokyo shows its place, badge and coordinates: ' + tokyoPlace);
  const dots = await page.locator('#places-map circle').count();
  check(dots >= 4, `resolved places are plotted (${dots})`);
  check((await page.locator('#places').textContent()).includes('Netherlands'), 'the places list names the Netherlands');

  // Keyboard: choosing an entity outlines its mentions.
  const tokyo = page.locator('#entities button', { hasText: /^Tokyo$/ });
  await tokyo.focus();
  await page.keyboard.press('Enter');
  check(await tokyo.getAttribute('aria-pressed') === 'true', 'an entity can be selected with the keyboard');
  const sel = await page.locator('#body mark.sel').count();
  check(sel >= 2, `its mentions are outlined (${sel})`);

  // Contrast: every visible text meets WCAG AA (4.5:1, 3:1 for large text)
  // against the first opaque background behind it.
  const lowContrast = await page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const bg = (e) => {
      for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] > 0) return c.slice(0, 3); }
      return [255, 255, 255];
    };
    const bad = [];
    for (const e of document.querySelectorAll('body *')) {
      if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || !e.getClientRects().length) continue;
      const st = getComputedStyle(e);
      if (st.visibility === 'hidden') continue;
      const [l1, l2] = [lum(rgb(st.color)), lum(bg(e))].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const large = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${e.tagName}.${e.className} "${e.textContent.slice(0, 20)}" ${ratio.toFixed(2)}`);
    }
    return bad;
  });
  check(lowContrast.length === 0, 'text contrast is at least AA' + (lowContrast.length ? ': ' + lowContrast.slice(0, 5).join('; ') : ''));

  // Keyboard: Tab from the top reaches the text area and the Analyse
  // button, and the focused control shows a focus outline.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.click(2, 2); // moves the focus navigation start to the top
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('href') || document.activeElement.tagName));
    if (order.at(-1) === 'analyse') break;
  }
  check(order.includes('input') && order.at(-1) === 'analyse', 'Tab reaches the text area, then Analyse: ' + order.join(' → '));
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== 'none', 'the focused button shows a focus outline');

  // The screenshot: the top of the page with a mention's tooltip showing.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('#body mark[data-type="LOCATION"]').first().hover();
  await page.screenshot({ path: shot });
  console.log('screenshot:', shot);

  // A narrow screen: no horizontal scrolling.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `at 360 px the page does not scroll sideways (overflow ${overflow}px)`);
  await page.setViewportSize({ width: 1100, height: 900 });

  // User text is never markup.
  await page.locator('#mode').selectOption('text');
  await page.locator('#input').fill('Angela Merkel met <img src=x onerror="window.__xss=1"> officials in Berlin on Monday.');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.locator('#status', { hasText: 'Analysed in' }).waitFor();
  check(await page.locator('#body img').count() === 0, 'markup in the text is shown as text');
  check(await page.evaluate(() => window.__xss) === undefined, 'no injected script ran');
  check((await page.locator('#body').textContent()).includes('<img src=x'), 'the text is shown literally');

  // An error from the API is reported, not swallowed.
  await page.locator('#input').fill('   ');
  await page.getByRole('button', { name: 'Analyse' }).click();
  check((await page.locator('#status').textContent()).startsWith('Paste an article'), 'an empty input is refused in the page');
  // The test server runs with --max-html-bytes 65536: a larger page is 413.
  await page.locator('#mode').selectOption('html');
  await page.locator('#input').fill('<p>' + 'word '.repeat(14000) + '</p>');
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.locator('#status.error').waitFor();
  const errText = await page.locator('#status').textContent();
  check(errText.startsWith('Error 413') && errText.includes('65536'), 'an API error is shown with its message: ' + errText.slice(0, 120));
  // Chromium logs every failed response as a console error: that one was expected.
  for (let i = problems.length - 1; i >= 0; i--) if (/status of 413/.test(problems[i])) problems.splice(i, 1);

  check(problems.length === 0, 'no console errors, page errors or outside requests' + (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
} catch (err) {
  failed = true;
  console.error(err.stack || String(err));
  if (problems.length) console.error('also:\n  ' + problems.join('\n  '));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
