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

export const argsSchemas: ArgsSchemas = {
  getStatus: noArgs,
  getSettings: noArgs,
  updateSettings: z.tuple([settingsPatchSchema]),
};
