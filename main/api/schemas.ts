import { z } from 'zod';
import type { ApiRequests, RequestMethod } from '../../preload/api';
import { MAX_IMPORT_CHARS } from '../results/import';
import { credentialsSchema, secretText } from '../runsignup/credentials';

/**
 * The schema of every request's arguments. The mapped type makes a missing method, or a
 * schema that does not match the method's parameters, a compile error.
 */
type ArgsSchemas = { [M in RequestMethod]: z.ZodType<Parameters<ApiRequests[M]>> };

const noArgs = z.tuple([]);

export const settingsPatchSchema = z
  .object({
    deviceName: z.string().trim().min(1, 'Device name cannot be empty').max(60),
    pollIntervalSec: z.number().int().min(2, 'Poll at most every 2 seconds').max(600),
    baseUrl: z.url({
      protocol: /^https?$/,
      message: 'Base URL must start with http:// or https://',
    }),
    eventIds: z.array(z.number().int().positive()).max(200),
    startAtLogin: z.boolean(),
    autoUpdate: z.boolean(),
    updateDuringRaceDay: z.boolean(),
  })
  .partial()
  .strict();

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const confirmUnsent = z.boolean();
const pin = z.string().max(32, 'The PIN is too long');

const importText = z
  .string()
  .max(MAX_IMPORT_CHARS, 'The file is too large (over 5 million characters).');
const cell = z.string().max(200, 'A cell is too long');
export const draftRowSchema = z
  .object({
    bib: cell,
    registrationId: cell,
    clockTime: cell,
    tally: cell,
    elevation: cell,
    replace: z.boolean(),
  })
  .partial()
  .strict();

export const argsSchemas: ArgsSchemas = {
  getStatus: noArgs,
  getSettings: noArgs,
  updateSettings: z.tuple([settingsPatchSchema]),
  connect: z.tuple([
    z
      .object({
        credentials: credentialsSchema,
        raceId: id,
        callerRegistration: z
          .object({
            regId: secretText('API caller registration id'),
            secret: secretText('API caller registration secret'),
          })
          .strict()
          .optional(),
      })
      .strict(),
  ]),
  clearCredentials: z.tuple([z.object({ confirmUnsent }).strict()]),
  selectRace: z.tuple([
    z.object({ raceId: id, eventIds: z.array(id).max(200), confirmUnsent }).strict(),
  ]),
  getRace: noArgs,
  setPractice: z.tuple([z.object({ on: z.boolean(), confirmUnsent }).strict()]),
  setOutage: z.tuple([z.boolean()]),
  resetKiosk: z.tuple([
    z
      .object({ confirmUnsent, confirmReset: z.boolean(), pin: z.string().max(64).optional() })
      .strict(),
  ]),
  getFeed: noArgs,
  search: z.tuple([z.string().max(200, 'Search is too long')]),
  notPickedUp: z.tuple([id]),
  exportNotPickedUp: z.tuple([id]),
  enableKiosk: z.tuple([z.object({ pin }).strict()]),
  disableKiosk: z.tuple([z.object({ pin }).strict()]),
  unlockSettings: z.tuple([z.object({ pin }).strict()]),
  lockSettings: noArgs,
  getResultEvents: noArgs,
  getResultSets: z.tuple([id]),
  setElevationRequired: z.tuple([z.object({ eventId: id, required: z.boolean() }).strict()]),
  sendHeldResults: z.tuple([z.object({ eventId: id, resultSetId: id }).strict()]),
  checkRow: z.tuple([z.object({ eventId: id, row: draftRowSchema }).strict()]),
  previewResults: z.tuple([z.object({ eventId: id, text: importText }).strict()]),
  commitResults: z.tuple([
    z
      .object({
        eventId: id,
        resultSetId: id.nullable(),
        rows: z.array(draftRowSchema).max(50_000, 'Commit at most 50,000 rows at once.'),
        source: z.enum(['keyboard', 'paste', 'csv']),
      })
      .strict(),
  ]),
  commitImport: z.tuple([
    z
      .object({
        eventId: id,
        resultSetId: id.nullable(),
        text: importText,
        source: z.enum(['paste', 'csv']),
      })
      .strict(),
  ]),
  listEntries: z.tuple([
    z
      .object({
        view: z.enum(['queue', 'history']),
        eventId: id.nullable(),
        search: z.string().max(100),
        limit: z.number().int().min(1).max(1000),
        offset: z.number().int().min(0),
      })
      .strict(),
  ]),
  editEntry: z.tuple([z.object({ id, row: draftRowSchema }).strict()]),
  deleteEntry: z.tuple([id]),
  resumeSending: noArgs,
  exportEntries: z.tuple([z.enum(['queue', 'history'])]),
  listImportFiles: noArgs,
  readImportFile: z.tuple([z.string().min(1).max(255)]),
};
