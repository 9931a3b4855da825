#!/usr/bin/env node
// planledger-verify.mjs — перевіряє пакет доказів історії плану Plan Ledger офлайн, лише засобами Node.js.
// Checks a Plan Ledger proof bundle (planledger-proof-bundle/v1) offline, with nothing but Node.js (≥ 20).
//
//   node planledger-verify.mjs BUNDLE.json [--since OLD_CHECKPOINT.txt]... [--key VERIFIER_KEY]...
//
// For every event: its leaf names the event (origin, seq, id, hash), its hash recomputes from the event as given
// (the canonical encoding of docs/event-store.md), and its RFC 9162 inclusion proof leads to its log's root. For
// every log: the C2SP checkpoint note (c2sp.org/tlog-checkpoint) names that root and size and is signed by the
// log's Ed25519 key (c2sp.org/signed-note); every cosignature line by a listed witness verifies
// (c2sp.org/tlog-cosignature, cosignature/v1). With --since, a checkpoint kept from earlier is consistent with the
// bundle's (RFC 9162 §2.1.4). With --key, the keys are the ones the auditor obtained separately, not the bundle's.
// Exit: 0 everything holds, 1 something does not (named), 2 unusable input.
// This file imports nothing but node: modules; copy it anywhere.
import { createHash, createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";

const FORMAT = "planledger-proof-bundle/v1";
const LEAF_FORMAT = "planledger-event/v1";
const ED25519 = 0x01;
const COSIGNATURE = 0x04;
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

const usage = `Використання / usage: node planledger-verify.mjs BUNDLE.json [--since OLD_CHECKPOINT.txt]... [--key VERIFIER_KEY]...
  BUNDLE.json   пакет доказів (planledger audit export, або GET /api/v1/plans/{id}/proof-bundle); «-» — stdin
                the proof bundle (planledger audit export, or GET /api/v1/plans/{id}/proof-bundle); "-" for stdin
  --since FILE  контрольна точка (підписана нотатка C2SP), збережена раніше: перевірити, що журнал відтоді лише зростав
                a checkpoint (C2SP signed note) kept from earlier: check that the log only grew since
  --key VKEY    ключ перевірки C2SP (name+id+base64), отриманий окремо від оператора вузла; тоді ключі пакета мають збігатися
                a C2SP verifier key obtained separately from the node's operator; the bundle's keys must then match
  коди виходу / exit: 0 усе підтверджено / all holds, 1 порушення / a check failed, 2 непридатні вхідні дані / unusable input`;

// ---- Output ----

const results = [];
const pass = (uk, en) => results.push({ ok: true, uk, en });
const fail = (uk, en) => results.push({ ok: false, uk, en });
const warn = (uk, en) => results.push({ ok: null, uk, en });

/** Unusable input: one line, exit 2. */
class Unusable extends Error {}
const unusable = (uk, en) => {
  throw new Unusable(`${uk} / ${en}`);
};

// ---- Primitives: SHA-256, strict base64, RFC 9162 §2.1 ----

const sha256 = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafHash = (entry) => sha256(Buffer.of(0x00), entry);
const nodeHash = (left, right) => sha256(Buffer.of(0x01), left, right);

/** Standard base64 with padding, in its one canonical spelling, or undefined. */
const base64 = (text) => {
  if (typeof text !== "string" || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
};
const hash32 = (hex) => (typeof hex === "string" && /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, "hex") : undefined);
const isSize = (n) => Number.isSafeInteger(n) && n >= 0;

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or a reason it cannot lead anywhere. */
const rootFromInclusion = (index, size, leaf, proof) => {
  if (!isSize(index) || !isSize(size) || index >= size) return { error: `leaf ${index} is not in a tree of ${size}` };
  if (!Array.isArray(proof) || proof.some((p) => p === undefined)) return { error: "a proof node is not 64 hex digits" };
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return { error: "the proof is too long" };
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) return { error: "the proof is too short" };
  return { root: r };
};

/** RFC 9162 §2.1.4.2: whether `proof` shows the tree of size2 (root2) extends the tree of size1 (root1). */
const consistent = (size1, size2, proof, root1, root2) => {
  if (size1 < 1 || size1 > size2 || proof.some((p) => p === undefined)) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  const path = (size1 & (size1 - 1)) === 0 ? [root1, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
};

const hashes = (list) => (Array.isArray(list) ? list.map(hash32) : [undefined]);

// ---- The event hash (docs/event-store.md, "Hash encoding"): SHA-256 of canonical JSON ----

/** Sorted keys at every depth, no whitespace, strings and numbers as JSON.stringify writes them. */
const canonical = (value) => {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonical(v))).join(",")}]`;
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case "object":
      return `{${Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
        .join(",")}}`;
    default:
      throw new TypeError(`a ${typeof value} is not JSON`);
  }
};

const eventHash = (e) =>
  sha256(
    Buffer.from(
      canonical({
        actor: e.actor,
        causationId: e.causationId,
        correlationId: e.correlationId,
        data: e.data,
        eventId: e.eventId,
        origin: e.origin,
        prevHash: e.prevHash,
        recordedAt: e.recordedAt,
        seq: e.seq,
        stream: e.stream,
        streamVersion: e.streamVersion,
        type: e.type,
      }),
      "utf8",
    ),
  ).toString("hex");

/** A leaf entry: `planledger-event/v1\n<origin>\n<seq>\n<eventId>\n<hash>\n`, or undefined. */
const readLeaf = (bytes) => {
  const text = bytes.toString("utf8");
  if (!Buffer.from(text, "utf8").equals(bytes) || !text.endsWith("\n")) return undefined;
  const lines = text.slice(0, -1).split("\n");
  if (lines.length !== 5 || lines[0] !== LEAF_FORMAT || !/^[1-9][0-9]*$/.test(lines[2])) return undefined;
  return { origin: lines[1], seq: Number(lines[2]), eventId: lines[3], hash: lines[4] };
};

// ---- C2SP keys, signed notes, checkpoints, cosignatures ----

const keyIdOf = (name, type, key) => sha256(Buffer.from(`${name}\n`, "utf8"), Buffer.of(type), key).subarray(0, 4);
const ed25519Key = (raw) => createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
const verifies = (key, message, signature) => {
  try {
    return signature.length === 64 && verify(null, message, key, signature);
  } catch {
    return false;
  }
};

/** A verifier key `name+hex(key ID)+base64(type ‖ key)`: its parts with the key ID recomputed, or a reason. */
const readVerifierKey = (vkey) => {
  if (typeof vkey !== "string") return { error: "not a string" };
  const first = vkey.indexOf("+");
  const second = first === -1 ? -1 : vkey.indexOf("+", first + 1);
  if (second === -1) return { error: "not name+keyid+key" };
  const name = vkey.slice(0, first);
  const keyId = vkey.slice(first + 1, second);
  const bytes = base64(vkey.slice(second + 1));
  if (name === "" || /[\s+]/u.test(name)) return { error: "a bad key name" };
  if (!/^[0-9a-f]{8}$/.test(keyId)) return { error: "the key ID is not eight hex digits" };
  if (bytes === undefined || bytes.length !== 33) return { error: "the key is not base64 of a type byte and 32 bytes" };
  const type = bytes[0];
  if (type !== ED25519 && type !== COSIGNATURE) return { error: `signature type 0x${type.toString(16)} is not Ed25519 (0x01) or cosignature/v1 (0x04)` };
  const raw = bytes.subarray(1);
  if (keyIdOf(name, type, raw).toString("hex") !== keyId) return { error: `the key ID ${keyId} is not the one of this name and key` };
  return { vkey, name, keyId, type, raw, key: ed25519Key(raw) };
};

/** A signed note: its text (up to the last blank line) and its signature lines, or a reason. */
const readNote = (note) => {
  if (typeof note !== "string" || !note.endsWith("\n")) return { error: "does not end with a newline" };
  const split = note.lastIndexOf("\n\n");
  if (split === -1) return { error: "no blank line before the signatures" };
  const text = note.slice(0, split + 1);
  const signatures = [];
  for (const line of note.slice(split + 2, -1).split("\n")) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const bytes = match === null ? undefined : base64(match[2]);
    if (match === null || bytes === undefined || bytes.length < 5) return { error: `a malformed signature line: ${JSON.stringify(line)}` };
    signatures.push({ line, name: match[1], keyId: bytes.subarray(0, 4).toString("hex"), signature: bytes.subarray(4) });
  }
  return { text, signatures };
};

/** A checkpoint body: origin, size, base64 root, then extension lines. */
const readCheckpoint = (text) => {
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3 || !/^(?:0|[1-9][0-9]*)$/.test(lines[1])) return { error: "not origin, size and root lines" };
  const root = base64(lines[2]);
  if (root === undefined || root.length !== 32) return { error: "the root is not 32 bytes of base64" };
  return { origin: lines[0], size: Number(lines[1]), root };
};

/**
 * Opens a checkpoint note: each line by a known key must verify (the log's Ed25519 over the text; a witness's
 * cosignature/v1 over "cosignature/v1\ntime <t>\n" and the text); lines by other keys are ignored, as C2SP says.
 */
const openCheckpoint = (note, logKey, witnessKeys) => {
  const read = readNote(note);
  if (read.error) return read;
  const body = readCheckpoint(read.text);
  if (body.error) return body;
  const text = Buffer.from(read.text, "utf8");
  let logSigned = false;
  const cosigned = [];
  const bad = [];
  const unknown = [];
  for (const s of read.signatures) {
    if (logKey && s.name === logKey.name && s.keyId === logKey.keyId) {
      if (verifies(logKey.key, text, s.signature)) logSigned = true;
      else bad.push(`${s.name}+${s.keyId}`);
      continue;
    }
    const witness = witnessKeys.find((w) => w.name === s.name && w.keyId === s.keyId);
    if (witness === undefined) {
      unknown.push(`${s.name}+${s.keyId}`);
      continue;
    }
    if (s.signature.length !== 72) {
      bad.push(`${s.name}+${s.keyId}`);
      continue;
    }
    const time = s.signature.readBigUInt64BE(0);
    const message = Buffer.concat([Buffer.from(`cosignature/v1\ntime ${time}\n`, "utf8"), text]);
    if (time < 2n ** 63n && verifies(witness.key, message, s.signature.subarray(8)))
      cosigned.push({ name: s.name, keyId: s.keyId, time: Number(time) });
    else bad.push(`${s.name}+${s.keyId}`);
  }
  return { ...body, logSigned, cosigned, bad, unknown };
};

/** The JSON checkpoint an origin signs: canonical `{hash, origin, seq, signedAt}` under its Ed25519 key (SPKI DER). */
const jsonCheckpointVerifies = (cp, spki) => {
  try {
    const payload = Buffer.from(canonical({ hash: cp.hash, origin: cp.origin, seq: cp.seq, signedAt: cp.signedAt }), "utf8");
    const key = createPublicKey({ key: spki, format: "der", type: "spki" });
    return verify(null, payload, key, Buffer.from(cp.signature, "base64"));
  } catch {
    return false;
  }
};

const when = (seconds) => {
  const d = new Date(seconds * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
};

// ---- The checks ----

const parseArgs = (argv) => {
  const files = [];
  const since = [];
  const keys = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--since" || arg === "--key") {
      const value = argv[++i];
      if (value === undefined) unusable(`після ${arg} потрібне значення`, `${arg} needs a value`);
      (arg === "--since" ? since : keys).push(value);
    } else if (arg.startsWith("--")) unusable(`невідомий параметр «${arg}»`, `unknown option "${arg}"`);
    else files.push(arg);
  }
  if (files.length !== 1) unusable("потрібен один файл пакета", "exactly one bundle file is needed");
  return { file: files[0], since, keys };
};

const readInput = (file, [uk, en]) => {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    return unusable(`не вдалося прочитати ${uk} ${file}`, `cannot read the ${en} ${file}: ${error.message}`);
  }
};
const BUNDLE = ["пакет", "bundle"];
const CHECKPOINT = ["контрольну точку", "checkpoint"];

const checkBundle = (bundle, options) => {
  if (bundle === null || typeof bundle !== "object" || bundle.format !== FORMAT)
    unusable(`це не пакет ${FORMAT}`, `not a ${FORMAT} bundle (format: ${JSON.stringify(bundle?.format)})`);
  for (const field of ["logs", "events", "witnesses", "streams"])
    if (!Array.isArray(bundle[field])) unusable(`у пакеті немає масиву «${field}»`, `the bundle has no "${field}" array`);

  // Keys: the bundle's, checked against the ones the auditor pinned (if any).
  const pinned = [];
  for (const k of options.keys) {
    const read = readVerifierKey(k);
    if (read.error) unusable(`ключ --key ${k} непридатний`, `--key ${k} is unusable: ${read.error}`);
    pinned.push(read);
  }
  const pinnedOk = (key) => pinned.length === 0 || pinned.some((p) => p.vkey === key.vkey);
  // Witnesses: with --key, only the cosignature keys the auditor pinned are checked (a pinned one the bundle does not
  // list too); a line by a witness the auditor did not pin is listed as not checked, never failed — the auditor has
  // no key of their own to hold it to. Without --key, the bundle's list is taken as it is.
  const witnessKeys = pinned.filter((p) => p.type === COSIGNATURE);
  for (const w of bundle.witnesses) {
    const read = readVerifierKey(w);
    if (read.error || read.type !== COSIGNATURE) {
      fail(`ключ свідка ${w} непридатний`, `witness key ${w} is unusable: ${read.error ?? "not a cosignature/v1 key"}`);
      continue;
    }
    if (pinned.length === 0 && !witnessKeys.some((k) => k.vkey === read.vkey)) witnessKeys.push(read);
  }
  if (pinned.length === 0)
    warn(
      "ключі взято з самого пакета: це доводить лише його узгодженість; отримайте ключ перевірки вузла окремо й передайте --key",
      "keys taken from the bundle itself prove only that it is self-consistent; obtain the node's verifier key separately and pass --key",
    );

  // Logs: each checkpoint note, signed by its log's key (or, for a log held by another node, cosigned by it).
  const logs = new Map();
  for (const log of bundle.logs) {
    const name = `${log?.origin}@${log?.treeSize}`;
    const root = hash32(log?.root);
    if (typeof log?.origin !== "string" || !isSize(log.treeSize) || root === undefined) {
      fail(`журнал ${name}: непридатний запис`, `log ${name}: an unusable entry`);
      continue;
    }
    const entry = { ...log, rootBytes: root, ok: false };
    logs.set(log.origin, entry);
    const logKey = log.verifierKey === null || log.verifierKey === undefined ? null : readVerifierKey(log.verifierKey);
    if (logKey?.error || (logKey && logKey.type !== ED25519) || (logKey && logKey.name !== log.logOrigin)) {
      fail(`журнал ${name}: ключ перевірки непридатний`, `log ${name}: the verifier key is unusable: ${logKey.error ?? "not the log's Ed25519 key"}`);
      continue;
    }
    if (logKey && !pinnedOk(logKey)) {
      fail(`журнал ${name}: ключ ${logKey.name}+${logKey.keyId} не збігається з жодним --key`, `log ${name}: key ${logKey.name}+${logKey.keyId} matches no --key`);
      continue;
    }
    const spki = log.publicKey === null || log.publicKey === undefined ? undefined : base64(log.publicKey);
    if (logKey && spki !== undefined && !spki.equals(Buffer.concat([SPKI_ED25519_PREFIX, logKey.raw]))) {
      fail(`журнал ${name}: publicKey і verifierKey — різні ключі`, `log ${name}: publicKey and verifierKey are different keys`);
      continue;
    }
    entry.logKey = logKey;
    if (typeof log.checkpoint !== "string") {
      fail(`журнал ${name}: контрольної точки немає`, `log ${name}: no checkpoint note`);
      continue;
    }
    const opened = openCheckpoint(log.checkpoint, logKey, witnessKeys);
    if (opened.error) {
      fail(`журнал ${name}: нотатка контрольної точки непридатна`, `log ${name}: the checkpoint note is malformed: ${opened.error}`);
      continue;
    }
    entry.opened = opened;
    for (const b of opened.bad)
      fail(`журнал ${name}: підпис ${b} на контрольній точці НЕ ДІЙСНИЙ`, `log ${name}: the signature by ${b} on the checkpoint does NOT verify`);
    if (opened.origin !== log.logOrigin || opened.size !== log.treeSize || !opened.root.equals(root)) {
      fail(
        `журнал ${name}: контрольна точка каже ${opened.origin}@${opened.size} з іншим коренем, ніж пакет`,
        `log ${name}: the checkpoint says ${opened.origin}@${opened.size}${opened.root.equals(root) ? "" : " and a different root"}, not the bundle's tree`,
      );
      continue;
    }
    if (opened.bad.length > 0) continue;
    const cosigners = opened.cosigned.map((c) => `${c.name} (${when(c.time)})`).join(", ");
    const cosignedUk = opened.cosigned.length === 0 ? "" : `; співпідписали ${cosigners}`;
    const cosignedText = opened.cosigned.length === 0 ? "" : `; cosigned by ${cosigners}`;
    for (const u of opened.unknown)
      warn(
        `журнал ${name}: співпідпис ключем ${u} не перевірено — ${pinned.length === 0 ? "пакет не називає цього ключа" : "цього ключа не передано в --key"}`,
        `log ${name}: the cosignature by ${u} was not checked: ${pinned.length === 0 ? "the bundle does not list that key" : "that key was not pinned with --key"}`,
      );
    if (opened.logSigned) {
      entry.ok = true;
      pass(`журнал ${name}: контрольну точку підписано ключем журналу ${logKey.name}+${logKey.keyId}${cosignedUk}`, `log ${name}: checkpoint signed by the log's key${cosignedText}`);
      continue;
    }
    // A log this node holds for another origin: the origin signed its chain head at treeSize (JSON checkpoint), the
    // tree's last leaf carries that hash, and the exporting node cosigned the root.
    const cp = log.originCheckpoint;
    if (opened.cosigned.length === 0 || cp === null || cp === undefined || spki === undefined) {
      fail(
        `журнал ${name}: контрольну точку не підписано ключем журналу${opened.cosigned.length === 0 ? " і ніким із свідків" : ""}`,
        `log ${name}: the checkpoint is not signed by the log's key${opened.cosigned.length === 0 ? " nor cosigned by any witness" : ", and no checkpoint of its origin comes with it"}`,
      );
      continue;
    }
    const anchorEntry = base64(cp.leaf?.entry);
    const anchor = anchorEntry === undefined ? undefined : readLeaf(anchorEntry);
    const anchorRoot = anchorEntry === undefined ? { error: "no entry" } : rootFromInclusion(cp.leaf.leafIndex, log.treeSize, leafHash(anchorEntry), hashes(cp.leaf.proof));
    if (cp.origin !== log.origin || cp.seq !== log.treeSize || !jsonCheckpointVerifies(cp, spki)) {
      fail(`журнал ${name}: контрольна точка походження не дійсна або не на seq ${log.treeSize}`, `log ${name}: its origin's checkpoint does not verify or is not at seq ${log.treeSize}`);
      continue;
    }
    if (anchor === undefined || anchor.origin !== log.origin || anchor.seq !== cp.seq || anchor.hash !== cp.hash || cp.leaf.leafIndex !== cp.seq - 1 || anchorRoot.error || !anchorRoot.root.equals(root)) {
      fail(`журнал ${name}: останній листок дерева не несе хеш, підписаний походженням`, `log ${name}: the tree's last leaf does not carry the hash its origin signed`);
      continue;
    }
    entry.ok = true;
    pass(
      `журнал ${name}: корінь засвідчено ${cosigners}; ${log.origin} підписав хеш ланцюга на seq ${cp.seq}, і він — останній листок дерева`,
      `log ${name}: root cosigned by ${cosigners}; ${log.origin} signed its chain hash at seq ${cp.seq}, which is the tree's last leaf`,
    );
  }

  // Events: leaf ↔ event, the event's hash, the inclusion proof, the chain between neighbours.
  const seen = new Set();
  const bySeq = new Map();
  const perStream = new Map();
  const unconfirmed = new Map();
  for (const [i, e] of bundle.events.entries()) {
    const which = `#${i + 1} ${e?.eventId ?? "?"} (${e?.stream ?? "?"} v${e?.streamVersion ?? "?"})`;
    const problems = [];
    const log = logs.get(e?.origin);
    const entry = base64(e?.leaf?.entry);
    const leaf = entry === undefined ? undefined : readLeaf(entry);
    if (seen.has(e?.eventId)) problems.push(["подія повторюється", "the event appears twice"]);
    seen.add(e?.eventId);
    if (!bundle.streams.includes(e?.stream)) problems.push(["потік не належить до плану пакета", "its stream is not one of the bundle's plan streams"]);
    if (leaf === undefined) problems.push(["листок не у форматі planledger-event/v1", "the leaf is not a planledger-event/v1 entry"]);
    else {
      if (leaf.eventId !== e.eventId) problems.push([`листок належить іншій події (${leaf.eventId})`, `the leaf names another event (${leaf.eventId})`]);
      if (leaf.origin !== e.origin || leaf.seq !== e.seq) problems.push([`листок — ${leaf.origin}@${leaf.seq}, не ${e.origin}@${e.seq}`, `the leaf is ${leaf.origin}@${leaf.seq}, not ${e.origin}@${e.seq}`]);
      if (leaf.hash !== e.hash) problems.push(["хеш у листку не хеш події", "the leaf's hash is not the event's"]);
      if (e.leaf.leafIndex !== e.seq - 1) problems.push([`індекс листка ${e.leaf.leafIndex} не seq − 1`, `leaf index ${e.leaf.leafIndex} is not seq − 1`]);
    }
    let recomputed;
    try {
      recomputed = eventHash(e);
    } catch (error) {
      recomputed = `(${error.message})`;
    }
    if (recomputed !== e?.hash) problems.push(["вміст події не дає її хеша (подію змінено)", "the event's content does not give its hash (the event was altered)"]);
    if (log === undefined) problems.push(["журналу походження події в пакеті немає", "the bundle has no log of the event's origin"]);
    else if (entry !== undefined) {
      const r = rootFromInclusion(e.leaf.leafIndex, log.treeSize, leafHash(entry), hashes(e.leaf.proof));
      if (r.error || !r.root.equals(log.rootBytes))
        problems.push([`доказ включення не веде до кореня ${e.origin}@${log.treeSize}`, `the inclusion proof does not lead to the root of ${e.origin}@${log.treeSize}${r.error ? ` (${r.error})` : ""}`]);
      else if (!log.ok) unconfirmed.set(e.origin, (unconfirmed.get(e.origin) ?? 0) + 1);
    }
    const before = bySeq.get(`${e?.origin} ${e?.seq - 1}`);
    if (before !== undefined && before.hash !== e.prevHash) problems.push(["prevHash не хеш попередньої події журналу", "prevHash is not the previous event's hash"]);
    bySeq.set(`${e?.origin} ${e?.seq}`, e);
    const stream = perStream.get(e?.stream) ?? { n: 0, bad: 0 };
    stream.n += 1;
    if (problems.length > 0) {
      stream.bad += 1;
      for (const [uk, en] of problems) fail(`подія ${which}: ${uk}`, `event ${which}: ${en}`);
    }
    perStream.set(e?.stream, stream);
  }
  // A review names the exact submission it reviewed by { origin, seq, hash } (docs/audit.md §6): that event, if in the bundle.
  for (const e of bundle.events) {
    const ref = e?.data?.reportRef;
    if (ref === null || typeof ref !== "object" || typeof ref.hash !== "string") continue;
    const named = bySeq.get(`${ref.origin} ${ref.seq}`);
    const which = `${e.type} ${e.eventId} (${e.stream})`;
    if (named === undefined)
      warn(`${which}: розглянуте подання ${ref.origin}@${ref.seq} не входить до пакета`, `${which}: the reviewed submission ${ref.origin}@${ref.seq} is not in the bundle`);
    else if (named.hash !== ref.hash)
      fail(`${which}: називає подання ${ref.origin}@${ref.seq} з іншим хешем, ніж подія в пакеті`, `${which}: names submission ${ref.origin}@${ref.seq} with another hash than the bundle's event`);
    else
      pass(
        `${which}: розглянуто саме подання ${ref.origin}@${ref.seq} (${named.type}) з пакета`,
        `${which}: reviewed exactly the submission ${ref.origin}@${ref.seq} (${named.type}) in the bundle`,
      );
  }
  for (const [origin, count] of unconfirmed)
    fail(`подій журналу ${origin}: ${count} — спираються на корінь, який не підтверджено (див. вище)`, `${count} events of log ${origin} rest on a root that is not confirmed (see above)`);
  for (const [stream, { n, bad }] of perStream)
    if (bad === 0 && !unconfirmed.has(bundle.events.find((e) => e?.stream === stream)?.origin))
      pass(`${stream}: подій ${n} — листки, хеші й докази включення збігаються`, `${stream}: ${n} events — leaves, hashes and inclusion proofs hold`);
  if (bundle.events.length === 0) fail("у пакеті немає подій", "the bundle holds no events");

  // A checkpoint kept from earlier: signed by the same log, and the bundle's tree extends it.
  for (const file of options.since) {
    const old = openCheckpoint(readInput(file, CHECKPOINT), null, witnessKeys);
    if (old.error) unusable(`${file} — не контрольна точка C2SP`, `${file} is not a C2SP checkpoint note: ${old.error}`);
    const log = logs.get([...logs.keys()].find((o) => logs.get(o).logOrigin === old.origin));
    if (log === undefined) unusable(`журналу ${old.origin} у пакеті немає`, `the bundle has no log ${old.origin}`);
    const signed = log.logKey ? openCheckpoint(readInput(file, CHECKPOINT), log.logKey, witnessKeys) : old;
    const where = `${file} (${old.origin}@${old.size})`;
    if (signed.bad.length > 0 || !(signed.logSigned || signed.cosigned.length > 0)) {
      fail(`${where}: давню контрольну точку не підписано ключем цього журналу`, `${where}: the earlier checkpoint is not signed by this log's key`);
      continue;
    }
    if (old.size > log.treeSize) {
      fail(`${where}: журнал був більшим (${old.size}), ніж тепер (${log.treeSize}) — його вкорочено`, `${where}: the log was larger (${old.size}) than now (${log.treeSize}): it was cut`);
      continue;
    }
    let holds;
    if (old.size === log.treeSize) holds = old.root.equals(log.rootBytes);
    else if (old.size === 0) holds = true;
    else {
      if (log.consistency?.fromSize !== old.size)
        unusable(
          `у пакеті немає доказу узгодженості від розміру ${old.size}; експортуйте з --since-size ${log.origin}:${old.size} (або ?since=${log.origin}:${old.size})`,
          `the bundle carries no consistency proof from size ${old.size}; export it with --since-size ${log.origin}:${old.size} (or ?since=${log.origin}:${old.size})`,
        );
      holds = consistent(old.size, log.treeSize, hashes(log.consistency.proof), old.root, log.rootBytes);
    }
    if (holds)
      pass(`${where}: журнал відтоді лише зростав до ${log.treeSize} (доказ узгодженості)`, `${where}: the log only grew since, to ${log.treeSize} (consistency proof)`);
    else
      fail(
        `${where}: НЕ узгоджується з ${old.origin}@${log.treeSize} — журнал переписано або показано дві різні історії`,
        `${where}: NOT consistent with ${old.origin}@${log.treeSize}: the log was rewritten or forked`,
      );
  }
};

const main = () => {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    let bundle;
    try {
      bundle = JSON.parse(readInput(options.file, BUNDLE));
    } catch (error) {
      if (error instanceof Unusable) throw error;
      unusable(`${options.file} — не JSON`, `${options.file} is not JSON: ${error.message}`);
    }
    checkBundle(bundle, options);
    const failed = results.filter((r) => r.ok === false).length;
    const lines = [
      `Пакет доказів / proof bundle: план / plan ${bundle.planId}, від / from ${bundle.exportedBy} ${bundle.exportedAt}`,
      ...results.map((r) => `${r.ok === true ? "✓" : r.ok === false ? "✗" : "!"} ${r.uk}\n  ${r.en}`),
      ...(Array.isArray(bundle.notes) ? bundle.notes.map((n) => `! ${n}`) : []),
      failed === 0
        ? `УСЕ ПІДТВЕРДЖЕНО: подій ${bundle.events.length}, журналів ${bundle.logs.length} / ALL CHECKS HOLD: ${bundle.events.length} events, ${bundle.logs.length} logs`
        : `ПОРУШЕНЬ: ${failed} / CHECKS FAILED: ${failed}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    // Anything the checks could not even read (a field of the wrong shape) is unusable input, not a verdict.
    const message = error instanceof Unusable ? error.message : `непридатні дані / unusable input: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`planledger-verify: ${message}\n${options === undefined ? `${usage}\n` : ""}`);
    return 2;
  }
};

process.exitCode = main();
