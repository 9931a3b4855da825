/**
 * @module The node's Ed25519 key pair, kept in a file beside its database and never in the log.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { chmodSync, constants, copyFileSync, existsSync, linkSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface NodeKey {
  readonly privateKey: KeyObject;
  /** Base64 SPKI DER: what other nodes store to verify this node's checkpoints. */
  readonly publicKey: string;
}

const fromPrivate = (privateKey: KeyObject): NodeKey => ({
  privateKey,
  publicKey: createPublicKey(privateKey).export({ format: "der", type: "spki" }).toString("base64"),
});

/**
 * A fresh key pair held only in memory (in-memory stores and tests).
 *
 * @example
 * const key = generateNodeKey(); key.publicKey // "MCowBQYDK2VwAyEA…"
 */
export const generateNodeKey = (): NodeKey => fromPrivate(generateKeyPairSync("ed25519").privateKey);

// The winner of a start-up race creates the file before it writes the key; wait briefly for the text.
const readWhenWritten = (path: string): string => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const pem = readFileSync(path, "utf8");
    if (pem.includes("END PRIVATE KEY")) return pem;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return readFileSync(path, "utf8");
};

/**
 * Reads the PKCS#8 PEM key at `path`, creating it (mode 0600, never overwriting) on first start.
 *
 * @example
 * loadOrCreateNodeKey("data/demo/luhanska.db.key")
 */
export const loadOrCreateNodeKey = (path: string): NodeKey => {
  let pem: string;
  try {
    pem = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const key = generateNodeKey();
    // "wx" so that two processes starting at once cannot both write a key: the loser reads the winner's.
    try {
      writeFileSync(path, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
      chmodSync(path, 0o600);
      return key;
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== "EEXIST") throw writeError;
      pem = readWhenWritten(path);
    }
  }
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path} is not an Ed25519 private key`);
  return fromPrivate(privateKey);
};

/**
 * Reads the PKCS#8 PEM key at `path` without ever creating it (read-only tools: `audit prove`); throws when it is
 * missing or not an Ed25519 key.
 *
 * @example
 * readNodeKey("data/demo/luhanska.db.key").publicKey
 */
export const readNodeKey = (path: string): NodeKey => {
  const privateKey = createPrivateKey(readFileSync(path, "utf8"));
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`${path} is not an Ed25519 private key`);
  return fromPrivate(privateKey);
};

const stamp = (at: Date): string => at.toISOString().replace(/[:.]/g, "-");

/**
 * Writes the next key of a rotation beside the key file as `<path>.next` (mode 0600, never overwriting), before the
 * rotation is recorded in the database: a crash after the database committed still finds the new key on disk.
 *
 * @example
 * const next = generateNodeKey(); writePendingKey("data/novopskovskyi.db.key", next)
 */
export const writePendingKey = (path: string, key: NodeKey): string => {
  const pending = `${path}.next`;
  writeFileSync(pending, key.privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
  chmodSync(pending, 0o600);
  return pending;
};

/**
 * Puts the pending key (`<path>.next`) in place of the key file once the database holds it as this node's key. The
 * old key is kept as `<path>.retired-<time>` (a hard link made before the swap), because checkpoints signed with it
 * stay in the log and an operator may need to show which key that was; the swap itself is one `rename`, so the key
 * file is always either the old key or the new one. Returns the retired file's path (null when there was no old one).
 *
 * @example
 * settlePendingKey("data/novopskovskyi.db.key") // "data/novopskovskyi.db.key.retired-2026-12-05T19-30-00-000Z"
 */
export const settlePendingKey = (path: string, at: Date = new Date()): string | null => {
  const retired = `${path}.retired-${stamp(at)}`;
  let kept: string | null = retired;
  try {
    linkSync(path, retired);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") kept = null;
    else if (code === "EXDEV" || code === "EPERM") copyFileSync(path, retired, constants.COPYFILE_EXCL);
    else throw error;
  }
  renameSync(`${path}.next`, path);
  return kept;
};

/**
 * A pending key that the database never took (the rotation did not commit) is set aside as `<path>.unused-<time>`,
 * not deleted: nothing signed with it, but a key file is not thrown away silently.
 *
 * @example
 * abandonPendingKey("data/novopskovskyi.db.key")
 */
export const abandonPendingKey = (path: string, at: Date = new Date()): void => {
  renameSync(`${path}.next`, `${path}.unused-${stamp(at)}`);
};

/**
 * The pending key of an unfinished rotation, if `<path>.next` exists.
 *
 * @example
 * pendingKey("data/novopskovskyi.db.key")?.publicKey
 */
export const pendingKey = (path: string): NodeKey | undefined => {
  if (!existsSync(`${path}.next`)) return undefined;
  return readNodeKey(`${path}.next`);
};

/**
 * Finishes or sets aside a rotation interrupted between the database and the key file, before the key is loaded:
 * when the database already holds the pending key as this node's (`registered`), the pending key takes the key
 * file's place; when it holds the key file's key, the rotation never committed and the pending key is set aside.
 *
 * @example
 * settleInterruptedRotation("data/novopskovskyi.db.key", registeredPublicKey)
 */
export const settleInterruptedRotation = (path: string, registered: string | undefined): void => {
  const pending = pendingKey(path);
  if (pending === undefined || registered === undefined) return;
  if (pending.publicKey === registered) settlePendingKey(path);
  else if (existsSync(path) && readNodeKey(path).publicKey === registered) abandonPendingKey(path);
};
