"""A task whose C code releases the GIL: PBKDF2-HMAC-SHA256 from hashlib.

hashlib lets go of the GIL while it hashes, so threads run it in parallel
as processes do, without sending anything to another process.
"""

import hashlib


def task(password):
    return hashlib.pbkdf2_hmac("sha256", password, b"concurrency-bench", 80_000).hex()


def inputs():
    return [f"password-{i}".encode() for i in range(64)]
