import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Container } from '@n8n/di';
import { Cipher, EncryptionKeyProxy, InstanceSettings, type KeyInfo } from 'n8n-core';

let userFolder: string | undefined;

/**
 * Prepares the process for n8n-core. Must run before the first context is built: n8n-core's
 * InstanceSettings reads N8N_USER_FOLDER once, when the DI container first creates it, and
 * writes an encryption key there (never into the developer's ~/.n8n).
 */
export function ensureEnvironment(): string {
	if (userFolder !== undefined) return userFolder;
	const folder = mkdtempSync(join(tmpdir(), 'pandapon-n8n-'));
	userFolder = folder;
	process.env.N8N_USER_FOLDER = folder;
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	// n8n-core logs every node error through its ErrorReporter; expected failures in tests
	// would flood the output. Set N8N_LOG_LEVEL=debug to see them.
	process.env.N8N_LOG_LEVEL ??= 'silent';
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
	useInstanceKeyForCredentials();
	return folder;
}

/**
 * n8n's CLI gives the Cipher a key provider backed by its database. Outside n8n the
 * instance key itself serves, as the "legacy" (no-prefix) descriptor n8n uses for
 * credentials saved before key rotation existed.
 */
function useInstanceKeyForCredentials(): void {
	const instanceKey = Container.get(InstanceSettings).encryptionKey;
	const legacy: KeyInfo = {
		id: 'legacy',
		value: Container.get(Cipher).encryptDEKWithInstanceKey(instanceKey),
		algorithm: 'aes-256-cbc',
		format: 'no-prefix',
	};
	Container.get(EncryptionKeyProxy).setProvider({
		getActiveKey: async () => legacy,
		getKeyById: async (id) => (id === legacy.id ? legacy : null),
		getLegacyKey: async () => legacy,
	});
}
