import { randomBytes } from 'node:crypto';

/** An ephemeral Starknet-style address: `0x` + 64 lowercase hex digits (256 random bits). */
export const newUserId = () => `0x${randomBytes(32).toString('hex')}`;

/** A resume token: 256 random bits, base64url. */
export const newResumeToken = () => randomBytes(32).toString('base64url');
