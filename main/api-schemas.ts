import { z } from 'zod';
import type { ApiRequests, RequestMethod } from '../preload/api';

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
  })
  .partial()
  .strict();

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const secretText = (label: string) =>
  z.string().trim().min(1, `${label} is required`).max(512, `${label} is too long`);

export const credentialsInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('v1'), apiKey: secretText('API key'), apiSecret: secretText('API secret') }).strict(),
  z
    .object({
      kind: z.literal('v2'),
      apiKey: secretText('API key'),
      apiSecret: secretText('API secret'),
      superPartner: z.boolean().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('oauth'), accessToken: secretText('Access token') }).strict(),
]);

const confirmUnsent = z.boolean();

export const argsSchemas: ArgsSchemas = {
  getStatus: noArgs,
  getSettings: noArgs,
  updateSettings: z.tuple([settingsPatchSchema]),
  connect: z.tuple([z.object({ credentials: credentialsInputSchema, raceId: id }).strict()]),
  clearCredentials: z.tuple([z.object({ confirmUnsent }).strict()]),
  selectRace: z.tuple([
    z.object({ raceId: id, eventIds: z.array(id).max(200), confirmUnsent }).strict(),
  ]),
  getRace: noArgs,
  setPractice: z.tuple([z.object({ on: z.boolean(), confirmUnsent }).strict()]),
  setOutage: z.tuple([z.boolean()]),
  getFeed: noArgs,
  search: z.tuple([z.string().max(200, 'Search is too long')]),
  notPickedUp: z.tuple([id]),
  exportNotPickedUp: z.tuple([id]),
};
