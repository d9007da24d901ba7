/** HTTP authentication API payloads (`/api/auth/*`). */
import { z } from 'zod';
import { PointId, Principal } from './domain.js';

export const PasswordLogin = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type PasswordLogin = z.infer<typeof PasswordLogin>;

export const PointKeyLogin = z.strictObject({
  pointId: PointId,
  /** The key provisioned to the point's device by the operator. */
  pointKey: z.string().min(16).max(200),
});
export type PointKeyLogin = z.infer<typeof PointKeyLogin>;

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(20).max(4000) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const TokenPair = z.strictObject({
  accessToken: z.string(),
  /** ISO time when the access token stops working; refresh before it. */
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.iso.datetime(),
  principal: Principal,
});
export type TokenPair = z.infer<typeof TokenPair>;
