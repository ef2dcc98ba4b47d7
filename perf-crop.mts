import { chromium } from 'playwright-core';
// crop the top N px of a tall screenshot by rendering it in a page
const [file, h] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 390, height: Number(h) } });
await p.goto('file://' + file);
await p.screenshot({ path: file.replace('.png', '-top.png') });
await b.close();
