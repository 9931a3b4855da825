/**
 * @module The node's Ed25519 key pair, kept in a file beside its database and never in the log.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";

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
