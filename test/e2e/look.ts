import fs from 'node:fs';
import path from 'node:path';
import { assertAccessible } from './axe';
import { SCREENSHOT_DIR } from './harness';
import type { E2eSession } from './harness';

// Looking at a screen the way the volunteers did: axe-core finds no violation, and
// screenshots at the venue laptop (1366×768), a large screen (1920×1080) and 150% scaling
// (1280×800, device scale 1.5) are saved to test-results/screenshots/ to be looked at.

export const SIZES = [
  { name: '1366x768', width: 1366, height: 768, deviceScaleFactor: 1 },
  { name: '1920x1080', width: 1920, height: 1080, deviceScaleFactor: 1 },
  { name: '1280x800@1.5', width: 1280, height: 800, deviceScaleFactor: 1.5 },
] as const;

/** Fails on any axe violation, then saves `name` at the three sizes; the page keeps its size. */
export async function look(s: E2eSession, name: string): Promise<void> {
  await assertAccessible(s.page, name);
  const before = s.page.viewportSize();
  const cdp = await s.page.context().newCDPSession(s.page);
  try {
    for (const size of SIZES) {
      await cdp.send('Emulation.setDeviceMetricsOverride', {
        width: size.width,
        height: size.height,
        deviceScaleFactor: size.deviceScaleFactor,
        mobile: false,
      });
      await s.page.evaluate(
        () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
      );
      // Through the debugger too: Playwright's own screenshot would restore its viewport.
      const shot = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as {
        data: string;
      };
      fs.writeFileSync(
        path.join(SCREENSHOT_DIR, `${name}-${size.name}.png`),
        Buffer.from(shot.data, 'base64'),
      );
    }
  } finally {
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    await cdp.detach();
    if (before) await s.page.setViewportSize(before);
  }
}
