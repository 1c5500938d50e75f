/**
 * Business codes the fake answers with. PandaPon's real error-code table is unknown
 * (REFERENCE.md section 1), so these are the fake's choices. All of them travel in an
 * HTTP 200 envelope `{requestId, code, developId, msg, data: null}`, as PandaPon does for
 * business errors.
 *
 * | code | msg                                              | when                                              |
 * |------|--------------------------------------------------|---------------------------------------------------|
 * | 400  | `missing header: <name>`                         | a system header is absent or blank                |
 * | 400  | `invalid header timestamp: ...`                  | `timestamp` is not a decimal integer              |
 * | 400  | `invalid header nonce-str: ...`                  | `nonce-str` is not 32 characters of [A-Za-z0-9]   |
 * | 401  | `signature verification failed`                  | signature ≠ UPPER(HEX(MD5(key+ts+nonce+secret))), compared case-sensitively |
 * | 403  | `access-key does not exist`                      | unknown `access-key`                              |
 * | 403  | `user-id has no permission for this access-key`  | `user-id` is not the configured one               |
 * | 408  | `timestamp expired: ...`                         | `timestamp` outside the window, in the expected unit |
 * | 409  | `nonce-str has already been used`                | replay: nonce seen on an accepted request within the window (the fake's choice; PandaPon documents no replay rule) |
 * | 4000 | `invalid parameter: ...`                         | a business parameter is missing or malformed      |
 * | 4004 | `<thing> does not exist: <id>`                   | unknown id on a detail endpoint                   |
 *
 * Outside the envelope: unknown path → HTTP 404 `{"code":404,"msg":"Not Found"}`; known path
 * with another method → HTTP 405; a request body that is not JSON → HTTP 400; a crashing
 * route handler → HTTP 500.
 */

export interface Rejection {
	code: number;
	msg: string;
}

export const AUTH_ERRORS = {
	missingHeader: (name: string): Rejection => ({ code: 400, msg: `missing header: ${name}` }),
	invalidTimestamp: {
		code: 400,
		msg: 'invalid header timestamp: expected a decimal epoch time',
	} as Rejection,
	invalidNonce: { code: 400, msg: 'invalid header nonce-str: expected 32 letters or digits' } as Rejection,
	signatureMismatch: { code: 401, msg: 'signature verification failed' } as Rejection,
	unknownAccessKey: { code: 403, msg: 'access-key does not exist' } as Rejection,
	userIdNotPermitted: { code: 403, msg: 'user-id has no permission for this access-key' } as Rejection,
	timestampExpired: {
		code: 408,
		msg: 'timestamp expired: it must be within the allowed window of the server time',
	} as Rejection,
	nonceReused: { code: 409, msg: 'nonce-str has already been used' } as Rejection,
} as const;

export const INVALID_PARAMETER_CODE = 4000;
export const NOT_FOUND_CODE = 4004;

export const HTTP_NOT_FOUND_BODY = { code: 404, msg: 'Not Found' };
export const HTTP_METHOD_NOT_ALLOWED_BODY = { code: 405, msg: 'Method Not Allowed' };
export const HTTP_BAD_JSON_BODY = { code: 400, msg: 'Bad Request: the request body is not valid JSON' };
