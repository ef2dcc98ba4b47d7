import { launchChromium, logIn } from './test/helpers/browser.ts';
const [email, password, ...paths] = process.argv.slice(2);
const ctx = await launchChromium();
const page = await ctx.newPage();
await logIn(page, 'http://127.0.0.1:8787', email!, password!, paths[0]!);
for (const p of paths) {
  for (const w of [1440, 390]) {
    await page.setViewportSize({ width: w, height: 900 });
    const res = await page.goto(`http://127.0.0.1:8787${p}`);
    const name = `/work/tmp/shot-${p.replace(/[^a-z0-9]+/gi, '_')}-${w}.png`;
    await page.screenshot({ path: name, fullPage: true });
    if (w === 390) await page.screenshot({ path: name.replace('.png', '-top.png'), clip: { x: 0, y: 0, width: 390, height: 1300 } });
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    console.log(res?.status(), name, sideways ? 'SCROLLS SIDEWAYS' : '');
  }
}
await ctx.close();
