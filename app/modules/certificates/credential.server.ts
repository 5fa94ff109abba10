import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { dataDir, getDb, type Tx } from '#app/db/client.server.ts'
import { signingKeys as signingKeysTable } from '#app/db/schema/index.ts'
import { env } from '#app/modules/env.server.ts'
import type { Certificate } from './certificates.server.ts'
import { base58btcDecode, base58btcEncode, canonicalize } from './jcs.ts'

/**
 * Open Badges 3.0 credentials, secured with a W3C Data Integrity proof (cryptosuite
 * eddsa-jcs-2022): Ed25519 over the SHA-256 of the canonical proof options and document.
 * The key pair is made on first start and kept in the data directory, or given as SIGNING_KEY.
 * A credential is signed once, when the certificate is issued, and stored; every public key that ever signed
 * is kept in signing_keys by its id, so a credential signed before a key rotation still verifies.
 */

type KeyPair = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject }
let cachedKeys: KeyPair | null = null

export function keyFile() {
	return path.join(dataDir(), 'keys', 'credential-signing-ed25519.pem')
}

/** Loads the signing key, creating it (readable only by this user) the first time. */
export function signingKeys(): KeyPair {
	if (cachedKeys) return cachedKeys
	const configured = env().SIGNING_KEY
	let privateKey: crypto.KeyObject
	if (configured) {
		privateKey = crypto.createPrivateKey({ key: Buffer.from(configured, 'base64url'), format: 'der', type: 'pkcs8' })
	} else {
		const file = keyFile()
		if (!fs.existsSync(file)) {
			fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
			const generated = crypto.generateKeyPairSync('ed25519')
			try {
				// 'wx' fails if another process created the file first; then that file wins.
				fs.writeFileSync(file, generated.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' })
			} catch (error) {
				if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
			}
		}
		privateKey = crypto.createPrivateKey(fs.readFileSync(file))
	}
	if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SIGNING_KEY must be an Ed25519 key')
	cachedKeys = { privateKey, publicKey: crypto.createPublicKey(privateKey) }
	return cachedKeys
}

/** The public key as a Multikey value: multicodec ed25519-pub (0xed 0x01) + 32 bytes, base58btc. */
export function publicKeyMultibase(publicKey = signingKeys().publicKey) {
	const jwk = publicKey.export({ format: 'jwk' })
	if (!jwk.x) throw new Error('no public key')
	const raw = Buffer.from(jwk.x, 'base64url')
	return `z${base58btcEncode(new Uint8Array([0xed, 0x01, ...raw]))}`
}

function publicKeyFromMultibase(value: string) {
	if (!value.startsWith('z')) throw new Error('multibase: expected base58btc')
	const bytes = base58btcDecode(value.slice(1))
	if (bytes[0] !== 0xed || bytes[1] !== 0x01 || bytes.length !== 34) throw new Error('not an Ed25519 Multikey')
	return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.slice(2)).toString('base64url') }, format: 'jwk' })
}

const contexts = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']

export function issuerId(baseUrl: string) {
	return `${baseUrl}/issuer`
}

/** A key's id: a fingerprint of its public key, so that two keys never share one. */
export function keyId(publicKey = signingKeys().publicKey) {
	const raw = publicKey.export({ format: 'der', type: 'spki' })
	return `key-${crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16)}`
}

export function verificationMethodId(baseUrl: string, id = keyId()) {
	return `${issuerId(baseUrl)}#${id}`
}

export type SigningKey = { id: string; publicKeyMultibase: string }

/** Records the current public key (once) before it signs, in the issuing transaction. */
export async function recordSigningKey(tx: Tx) {
	await tx.insert(signingKeysTable).values({ id: keyId(), publicKeyMultibase: publicKeyMultibase() }).onConflictDoNothing()
}

/** Every key that has signed, oldest first, and the current one even before its first signature. */
export async function listSigningKeys(): Promise<SigningKey[]> {
	const db = await getDb()
	const rows = await db.select({ id: signingKeysTable.id, publicKeyMultibase: signingKeysTable.publicKeyMultibase }).from(signingKeysTable).orderBy(signingKeysTable.createdAt)
	const current = { id: keyId(), publicKeyMultibase: publicKeyMultibase() }
	return rows.some((r) => r.id === current.id) ? rows : [...rows, current]
}

// Keys never change once recorded, so a found key is kept; an unknown id is asked again next time.
const knownKeys = new Map<string, string>()

async function publicKeyById(id: string) {
	const kept = knownKeys.get(id)
	if (kept) return kept
	const db = await getDb()
	const [row] = await db.select({ publicKeyMultibase: signingKeysTable.publicKeyMultibase }).from(signingKeysTable).where(eq(signingKeysTable.id, id))
	if (row) knownKeys.set(id, row.publicKeyMultibase)
	return row?.publicKeyMultibase ?? null
}

/**
 * The id every credential named before key ids became fingerprints (ADR 007). Those were signed on demand by the one key
 * there was, which became the first key recorded, so that key is listed under this id as well.
 */
export const LEGACY_KEY_ID = 'key-1'

/** The issuer profile served at /issuer, with every key that has signed a credential (the first also as `#key-1`). */
export function issuerProfile(baseUrl: string, keys: SigningKey[]) {
	const [first] = keys
	const listed = first && !keys.some((k) => k.id === LEGACY_KEY_ID) ? [...keys, { ...first, id: LEGACY_KEY_ID }] : keys
	return {
		'@context': contexts,
		id: issuerId(baseUrl),
		type: ['Profile'],
		name: 'Ortaq',
		url: baseUrl,
		description: 'Ortaq — мұғалімдердің біліктілігін арттыру платформасы / платформа повышения квалификации учителей',
		verificationMethod: listed.map((k) => ({ id: verificationMethodId(baseUrl, k.id), type: 'Multikey', controller: issuerId(baseUrl), publicKeyMultibase: k.publicKeyMultibase })),
		assertionMethod: listed.map((k) => verificationMethodId(baseUrl, k.id)),
	}
}

/** The unsigned Open Badges 3.0 credential for a certificate. */
export function unsignedCredential(certificate: Certificate, baseUrl: string) {
	return {
		'@context': contexts,
		id: `${baseUrl}/credentials/${certificate.code}`,
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		issuer: { id: issuerId(baseUrl), type: ['Profile'], name: 'Ortaq', url: baseUrl },
		validFrom: certificate.issuedAt.toISOString(),
		name: `${certificate.courseTitleKk} / ${certificate.courseTitleRu}`,
		credentialSubject: {
			type: ['AchievementSubject'],
			identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: certificate.holderName }],
			achievement: {
				id: `${baseUrl}/courses/${certificate.courseId}`,
				type: ['Achievement'],
				achievementType: 'Certificate',
				name: certificate.courseTitleRu,
				description: `${certificate.courseTitleKk} — ${certificate.hours} академиялық сағат / академических часов`,
				criteria: {
					narrative:
						'Барлық міндетті сабақтарды өтіп, қорытынды аттестаттаудан өту. / Пройти все обязательные уроки и итоговую аттестацию.',
				},
			},
			result: [{ type: ['Result'], value: String(certificate.score) }],
		},
		credentialStatus: { id: `${baseUrl}/credentials/${certificate.code}/status`, type: '1EdTechRevocationList' },
		evidence: [{ id: `${baseUrl}/verify/${certificate.code}`, type: ['Evidence'], name: certificate.serial }],
	}
}

function hashData(proofConfig: Record<string, unknown>, document: Record<string, unknown>) {
	const proofHash = crypto.createHash('sha256').update(canonicalize(proofConfig)).digest()
	const documentHash = crypto.createHash('sha256').update(canonicalize(document)).digest()
	return Buffer.concat([proofHash, documentHash])
}

/** The credential with its Data Integrity proof (eddsa-jcs-2022), signed with the given key (the current one by default). */
export function signedCredential(certificate: Certificate, baseUrl: string, key = { privateKey: signingKeys().privateKey, id: keyId() }) {
	const document = unsignedCredential(certificate, baseUrl)
	const proofConfig = {
		'@context': document['@context'],
		type: 'DataIntegrityProof',
		cryptosuite: 'eddsa-jcs-2022',
		created: certificate.issuedAt.toISOString(),
		verificationMethod: verificationMethodId(baseUrl, key.id),
		proofPurpose: 'assertionMethod',
	}
	const signature = crypto.sign(null, hashData(proofConfig, document), key.privateKey)
	return { ...document, proof: { ...proofConfig, proofValue: `z${base58btcEncode(signature)}` } }
}

/**
 * Checks a credential's proof against a Multikey public key (the issuer's, by default).
 * Any change to the document or the proof options makes it fail.
 */
export function verifyCredential(credential: unknown, publicKeyValue: string) {
	if (!credential || typeof credential !== 'object' || !('proof' in credential)) return false
	const { proof, ...document } = credential
	if (!proof || typeof proof !== 'object' || !('proofValue' in proof) || typeof proof.proofValue !== 'string') return false
	const { proofValue, ...proofConfig } = proof
	if (!('cryptosuite' in proofConfig) || proofConfig.cryptosuite !== 'eddsa-jcs-2022' || !proofValue.startsWith('z')) return false
	try {
		const signature = base58btcDecode(proofValue.slice(1))
		return crypto.verify(null, hashData(proofConfig, document), publicKeyFromMultibase(publicKeyValue), signature)
	} catch {
		return false
	}
}

function field(value: unknown, ...keys: string[]): unknown {
	let at = value
	for (const key of keys) {
		if (Array.isArray(at)) at = at[Number(key)]
		else if (at && typeof at === 'object') at = Object.entries(at).find(([k]) => k === key)?.[1]
		else return undefined
	}
	return at
}

/**
 * Whether a stored credential is genuine and is this certificate's: its proof verifies with the recorded key
 * it names, and it says what the certificate row says (code, holder, course, hours, score, date).
 */
export async function verifyStoredCredential(credential: unknown, certificate: Certificate) {
	const method = field(credential, 'proof', 'verificationMethod')
	const id = typeof method === 'string' ? method.split('#')[1] : undefined
	const publicKey = id ? await publicKeyById(id) : null
	if (!publicKey || !verifyCredential(credential, publicKey)) return false
	const subject = (...keys: string[]) => field(credential, 'credentialSubject', ...keys)
	return (
		typeof field(credential, 'id') === 'string' &&
		String(field(credential, 'id')).endsWith(`/credentials/${certificate.code}`) &&
		subject('identifier', '0', 'identityHash') === certificate.holderName &&
		field(credential, 'name') === `${certificate.courseTitleKk} / ${certificate.courseTitleRu}` &&
		subject('achievement', 'description') === `${certificate.courseTitleKk} — ${certificate.hours} академиялық сағат / академических часов` &&
		subject('result', '0', 'value') === String(certificate.score) &&
		field(credential, 'validFrom') === certificate.issuedAt.toISOString()
	)
}
