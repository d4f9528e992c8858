import type { Config } from "../../config/index.js";
import { capped, DAY_MS, type Timestamp, timestampMs } from "../../lib/time.js";

/** When a password set at `now` for `days` days expires, never later than the latest time the gateway stores. */
export const passwordExpiry = (now: Date, days: number): Date => capped(now, days * DAY_MS);

/** A password is expired once now is later than its expiry. */
export const isPasswordExpired = (user: { password_expiry: Timestamp }, now: Date): boolean =>
  now.getTime() > timestampMs(user.password_expiry);

/**
 * Passwords expiring before this time are about to expire: now is later than their expiry minus
 * `[password] about_to_expire_threshold` days.
 */
export const aboutToExpireHorizon = (config: Config, now: Date): Date =>
  capped(now, config.password.about_to_expire_threshold * DAY_MS);

export const isPasswordAboutToExpire = (config: Config, user: { password_expiry: Timestamp }, now: Date): boolean =>
  timestampMs(user.password_expiry) < aboutToExpireHorizon(config, now).getTime();
