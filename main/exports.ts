import fs from 'node:fs';
import path from 'node:path';

/** Where CSV exports go: a save dialog in the app, a folder in the web host and tests. */
export interface ExportSink {
  /** Saves `content` under a name like `suggestedName`; returns where it went. */
  save(suggestedName: string, content: string): Promise<string>;
}

/** Writes exports into a folder (UTF-8 with a BOM so Excel reads accents right). */
export function folderExportSink(dir: string): ExportSink {
  return {
    async save(suggestedName, content) {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, suggestedName.replace(/[^\w.-]+/g, '-'));
      fs.writeFileSync(file, '\uFEFF' + content);
      return file;
    },
  };
}

/** A file-name-safe timestamp for export names. */
export function exportStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[:T]/g, '-');
}
