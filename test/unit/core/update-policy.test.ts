import { describe, expect, it } from 'vitest';
import { UpdatePolicy, updateConditionsOf } from '../../../main/update-policy';
import type { UpdateConditions } from '../../../main/update-policy';

// The auto-update rules (main/update-policy.ts), one condition at a time.
const calm: UpdateConditions = {
  enabled: true,
  online: true,
  unsentResults: 0,
  kiosk: false,
  raceDay: false,
  adminOverride: false,
};

/** A policy that has fully downloaded version 1.2.0. */
function ready(): UpdatePolicy {
  const policy = new UpdatePolicy();
  policy.downloadStarted('1.2.0');
  policy.downloaded('1.2.0');
  return policy;
}

describe('checking and downloading', () => {
  it('checks and downloads when online with updates on', () => {
    const policy = new UpdatePolicy();
    expect(policy.mayCheck(calm).yes).toBe(true);
    expect(policy.mayDownload(calm, '1.2.0').yes).toBe(true);
  });

  it('does not check or download offline', () => {
    const policy = new UpdatePolicy();
    const offline = { ...calm, online: false };
    expect(policy.mayCheck(offline)).toEqual({ yes: false, reason: 'offline' });
    expect(policy.mayDownload(offline, '1.2.0').yes).toBe(false);
  });

  it('does nothing at all once staff turned updates off', () => {
    const off = { ...calm, enabled: false };
    expect(new UpdatePolicy().mayCheck(off).yes).toBe(false);
    expect(new UpdatePolicy().mayDownload(off, '1.2.0').yes).toBe(false);
    expect(ready().mayInstallOnQuit(off)).toEqual({
      yes: false,
      reason: 'automatic updates are turned off',
    });
  });

  it('does not start a second download, nor download again what is ready', () => {
    const policy = new UpdatePolicy();
    policy.downloadStarted('1.2.0');
    expect(policy.mayCheck(calm).yes).toBe(false);
    expect(ready().mayDownload(calm, '1.2.0').yes).toBe(false);
    expect(ready().mayDownload(calm, '1.3.0').yes).toBe(true);
  });
});

describe('installing when the app quits', () => {
  it('installs a completed download with an empty queue, no kiosk and no race day', () => {
    expect(ready().mayInstallOnQuit(calm)).toEqual({
      yes: true,
      reason: 'installing version 1.2.0',
    });
  });

  it('never installs with results waiting to be sent', () => {
    const decision = ready().mayInstallOnQuit({ ...calm, unsentResults: 3 });
    expect(decision).toEqual({ yes: false, reason: '3 results are not sent yet' });
    // Not even an admin can override that: the results would be at stake.
    expect(ready().mayInstallOnQuit({ ...calm, unsentResults: 1, adminOverride: true }).yes).toBe(
      false,
    );
  });

  it('never installs in kiosk mode unless an admin says so', () => {
    expect(ready().mayInstallOnQuit({ ...calm, kiosk: true })).toEqual({
      yes: false,
      reason: 'kiosk mode is on',
    });
    expect(ready().mayInstallOnQuit({ ...calm, kiosk: true, adminOverride: true }).yes).toBe(true);
  });

  it('never installs while a race day is in progress unless an admin says so', () => {
    expect(ready().mayInstallOnQuit({ ...calm, raceDay: true })).toEqual({
      yes: false,
      reason: 'a race day is in progress',
    });
    const both = { ...calm, raceDay: true, kiosk: true, adminOverride: true };
    expect(ready().mayInstallOnQuit(both).yes).toBe(true);
  });

  it('installs nothing when nothing was downloaded', () => {
    expect(new UpdatePolicy().mayInstallOnQuit(calm)).toEqual({
      yes: false,
      reason: 'no completed download',
    });
  });
});

describe('a failed or interrupted download changes nothing', () => {
  it('a download cut off half-way leaves nothing to install, and a later one can succeed', () => {
    const policy = new UpdatePolicy();
    policy.downloadStarted('1.2.0');
    expect(policy.mayInstallOnQuit(calm).yes).toBe(false); // still downloading
    policy.failed('net::ERR_INTERNET_DISCONNECTED');
    expect(policy.state).toEqual({ phase: 'failed', message: 'net::ERR_INTERNET_DISCONNECTED' });
    expect(policy.mayInstallOnQuit(calm).yes).toBe(false);
    expect(policy.mayCheck(calm).yes).toBe(true);
    policy.downloadStarted('1.2.0');
    policy.downloaded('1.2.0');
    expect(policy.mayInstallOnQuit(calm).yes).toBe(true);
  });

  it('a failed check after a completed download keeps that download', () => {
    const policy = ready();
    policy.failed('getaddrinfo ENOTFOUND');
    expect(policy.mayInstallOnQuit(calm)).toEqual({
      yes: true,
      reason: 'installing version 1.2.0',
    });
  });

  it('a newer download replaces a ready one only when it completes', () => {
    const policy = ready();
    policy.downloadStarted('1.3.0');
    policy.downloaded('1.2.0'); // a stale report of the old file
    expect(policy.mayInstallOnQuit(calm).yes).toBe(false);
    policy.failed('sha512 checksum mismatch');
    expect(policy.mayInstallOnQuit(calm).yes).toBe(false);
  });
});

describe('the conditions, from the kiosk', () => {
  const status = { practice: true, connectivity: { online: true }, kiosk: { enabled: false } };
  const settings = { autoUpdate: true, updateDuringRaceDay: false };

  it('the practice race is no race day; a connected RunSignup race is', () => {
    expect(updateConditionsOf(status, settings, 0)).toEqual(calm);
    expect(updateConditionsOf({ ...status, practice: false }, settings, 0).raceDay).toBe(true);
  });

  it('takes kiosk mode, connectivity, the settings and the unsent count as they are', () => {
    const c = updateConditionsOf(
      { practice: true, connectivity: { online: false }, kiosk: { enabled: true } },
      { autoUpdate: false, updateDuringRaceDay: true },
      7,
    );
    expect(c).toEqual({
      enabled: false,
      online: false,
      unsentResults: 7,
      kiosk: true,
      raceDay: false,
      adminOverride: true,
    });
  });
});
