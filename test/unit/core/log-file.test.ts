import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/logging';
import { tempFile } from '../../support/temp-dir';

const tempLog = () => tempFile('log', path.join('logs', 'kiosk.log'));

describe('the log file', () => {
  it('holds a line written just before the process exits, once flushed', () => {
    const file = tempLog();
    const logger = createLogger({ file });
    logger.info('started');
    logger.error('relaunching the app', { why: 'uncaught exception' });
    logger.flush?.();
    // Read at once, as if app.exit() came next: no tick for an asynchronous write.
    expect(fs.readFileSync(file, 'utf8')).toContain('relaunching the app');
  });

  it('rotates past its size, keeping three old files', async () => {
    const file = tempLog();
    const logger = createLogger({ file, maxBytes: 4_000 });
    for (let i = 0; i < 2_950; i++) logger.info(`line ${i} ${'x'.repeat(40)}`);
    logger.flush?.();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2', 'kiosk.log.3']);
    for (const name of names)
      expect(fs.statSync(path.join(path.dirname(file), name)).size).toBeLessThan(40_000);
    expect(fs.readFileSync(file, 'utf8')).toContain('line 2949');
  });

  it('rotates a large file left by the previous run at start', () => {
    const file = tempLog();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'old\n'.repeat(2_000));
    const logger = createLogger({ file, maxBytes: 4_000 });
    logger.info('new run');
    logger.flush?.();
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toMatch(/^old/);
    expect(fs.readFileSync(file, 'utf8')).toContain('new run');
  });
});
