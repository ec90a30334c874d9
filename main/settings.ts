import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const DEFAULT_BASE_URL = 'https://runsignup.com/rest';

/** Everything the app remembers between runs, except secrets (those live in the SecretStore). */
export const settingsSchema = z.object({
  raceId: z.number().int().positive().nullable().default(null),
  raceName: z.string().nullable().default(null),
  eventIds: z.array(z.number().int().positive()).default([]),
  deviceName: z.string().min(1).default('Kiosk 1'),
  pollIntervalSec: z.number().int().min(2).max(600).default(5),
  kiosk: z.boolean().default(false),
  baseUrl: z.string().default(DEFAULT_BASE_URL),
  /** Practice mode: the built-in simulated race. On until a real race is connected. */
  practice: z.boolean().default(true),
  startAtLogin: z.boolean().default(false),
  /** Automatic updates (main/update-policy.ts); staff can turn them off. */
  autoUpdate: z.boolean().default(true),
  /** An admin allows installing an update in kiosk mode or on a race day (at quit, queue empty). */
  updateDuringRaceDay: z.boolean().default(false),
  /** scrypt hash of the admin PIN ("salt:hash", hex), or null before kiosk mode was first enabled. */
  pinHash: z.string().nullable().default(null),
  /** Wrong PINs in a row, and when the pad unlocks after too many (ms since the epoch): kept so a restart does not reset them. */
  pinWrongTries: z.number().int().min(0).default(0),
  pinLockedUntil: z.number().nullable().default(null),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

/** The small interface every settings backend offers (electron-store in the app). */
export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

/** Reads stored settings leniently: a field that fails its schema falls back to its default. */
export function readSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...defaultSettings };
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      const field = settingsSchema.shape[key as keyof Settings];
      if (field && field.safeParse(value).success) out[key] = value;
    }
  }
  return settingsSchema.parse(out);
}

/** A JSON file (the web host and the chaos child use it; the app uses electron-store). */
export class JsonFileSettingsStore implements SettingsStore {
  private value: Settings;
  constructor(private readonly file: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      raw = {};
    }
    this.value = readSettings(raw);
  }
  get(): Settings {
    return this.value;
  }
  update(patch: Partial<Settings>): Settings {
    this.value = settingsSchema.parse({ ...this.value, ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.value, null, 2));
    fs.renameSync(tmp, this.file);
    return this.value;
  }
}
