import fs from 'node:fs';
import path from 'node:path';
import { app, dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { ExportSink } from '../exports';
import { AppError } from '../app-error';

/** CSV exports through the system's save dialog (UTF-8 with a BOM for Excel). */
export function saveDialogExports(win: () => BrowserWindow | null): ExportSink {
  return {
    async save(suggestedName, content) {
      const options = {
        title: 'Save CSV',
        defaultPath: path.join(app.getPath('documents'), suggestedName),
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      };
      const w = win();
      const chosen = w
        ? await dialog.showSaveDialog(w, options)
        : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath)
        throw new AppError('invalid-input', 'Export cancelled: nothing was saved.');
      fs.writeFileSync(chosen.filePath, '\uFEFF' + content);
      return chosen.filePath;
    },
  };
}
