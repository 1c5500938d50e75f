import { randomBytes } from 'crypto';

import { stringifyLossless } from '../../nodes/shared/losslessJson';

/** The developer id PandaPon echoes in every envelope (a string of 19 digits). */
export const DEVELOP_ID = '1834567890123456789';
export const SUCCESS_MSG = '成功';

export function newRequestId(): string {
	return randomBytes(16).toString('hex');
}

export function successEnvelope(data: unknown): string {
	return stringifyLossless({
		requestId: newRequestId(),
		code: 200,
		developId: DEVELOP_ID,
		msg: SUCCESS_MSG,
		data: data === undefined ? null : data,
	});
}

/** `POST /open/address/addOrUpdate` is documented to answer only `{code, msg}`. */
export function bareSuccessEnvelope(): string {
	return stringifyLossless({ code: 200, msg: SUCCESS_MSG });
}

/** `developId` is null when the caller could not be identified (rejected system headers). */
export function errorEnvelope(code: number, msg: string, developId: string | null = DEVELOP_ID): string {
	return stringifyLossless({ requestId: newRequestId(), code, developId, msg, data: null });
}
