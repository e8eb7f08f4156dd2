"""The encrypted secrets file's cryptography: key from the passphrase by scrypt, then
AES-256-GCM from pycryptodome (already installed as oss2's dependency; imported lazily),
or, if pycryptodome can't be imported, a stdlib encrypt-then-MAC (HMAC-SHA256 keystream
+ HMAC-SHA256 tag). Everything but the payload is authenticated."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from tui_export.cloud.secret_store_errors import StoreCorrupt

KDF_N, KDF_R, KDF_P = 2 ** 15, 8, 1
KDF_N_MIN = 2 ** 10   # a file asking for more than we write is refused before any scrypt runs
SALT_MIN_BYTES = 8
CIPHER_AES_GCM = "AES-256-GCM"
CIPHER_HMAC_CTR = "HMAC-SHA256-CTR+HMAC-SHA256"
FILE_FORMAT = "tui-export encrypted secrets"


def _load_aes():
    """pycryptodome's AES, or None. Lazy: oss2 pulls pycryptodome in, we don't import it at startup."""
    try:
        from Crypto.Cipher import AES
    except ImportError:
        return None
    return AES


def _derive(passphrase: str, kdf: dict) -> bytes:
    """Only for parameters checked by _check_doc (or written by _write)."""
    salt = base64.b64decode(kdf["salt"], validate=True)
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=kdf["n"], r=kdf["r"],
                          p=kdf["p"], maxmem=128 * 1024 * 1024, dklen=64)


def _keystream_xor(key: bytes, nonce: bytes, data: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(data), 32):
        block = hmac.new(key, nonce + (i // 32).to_bytes(8, "big"), hashlib.sha256).digest()
        out.extend(a ^ b for a, b in zip(data[i:i + 32], block))
    return bytes(out)


def _mac(key: bytes, aad: bytes, nonce: bytes, ct: bytes) -> bytes:
    return hmac.new(key, len(aad).to_bytes(8, "big") + aad + nonce + ct, hashlib.sha256).digest()


def _header_aad(header: dict) -> bytes:
    # Everything but the payload is authenticated, so parameters can't be swapped.
    return json.dumps({k: header[k] for k in ("format", "version", "kdf", "cipher")}, sort_keys=True).encode()


def _seal(key: bytes, kdf: dict, plaintext: bytes) -> dict:
    aes = _load_aes()
    header = {"format": FILE_FORMAT, "version": 1, "kdf": kdf,
              "cipher": CIPHER_AES_GCM if aes else CIPHER_HMAC_CTR}
    aad = _header_aad(header)
    if aes:
        nonce = secrets.token_bytes(12)
        c = aes.new(key[:32], aes.MODE_GCM, nonce=nonce)
        c.update(aad)
        ct, tag = c.encrypt_and_digest(plaintext)
    else:
        nonce = secrets.token_bytes(16)
        ct = _keystream_xor(key[:32], nonce, plaintext)
        tag = _mac(key[32:], aad, nonce, ct)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return {**header, "nonce": b64(nonce), "ciphertext": b64(ct), "tag": b64(tag)}


def _open(key: bytes, doc: dict) -> bytes | None:
    """Plaintext, or None when the key is wrong (or the file was tampered with)."""
    aad = _header_aad(doc)
    nonce, ct, tag = (base64.b64decode(doc[k], validate=True) for k in ("nonce", "ciphertext", "tag"))
    if doc["cipher"] == CIPHER_AES_GCM:
        aes = _load_aes()
        if aes is None:
            raise StoreCorrupt("the encrypted file uses AES-GCM but pycryptodome is not installed")
        c = aes.new(key[:32], aes.MODE_GCM, nonce=nonce)
        c.update(aad)
        try:
            return c.decrypt_and_verify(ct, tag)
        except ValueError:
            return None
    if doc["cipher"] == CIPHER_HMAC_CTR:
        if not hmac.compare_digest(_mac(key[32:], aad, nonce, ct), tag):
            return None
        return _keystream_xor(key[:32], nonce, ct)
    raise StoreCorrupt(f"unknown cipher {doc['cipher']!r} in the encrypted file")
