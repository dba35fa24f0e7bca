"""Image files built to break an upload (issue 14): inflating chunks, a JPEG cut in half, absurd sides."""
import io
import random
import struct
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width, height, *extra_chunks, idat=None) -> bytes:
    """A greyscale PNG with `extra_chunks` before its image data (only a little of it, unless given)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = idat if idat is not None else zlib.compress(b"\0" * (width + 1) * min(height, 64))
    return PNG_SIGNATURE + chunk(b"IHDR", ihdr) + b"".join(extra_chunks) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def inflating(size=100 * 1024 * 1024) -> bytes:
    """`size` zero bytes, deflated (about 100 KB for 100 MB)."""
    compressor = zlib.compressobj(9)
    block = b"\0" * (1024 * 1024)
    return b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()


def ztxt_bomb() -> bytes:
    return png(16, 16, chunk(b"zTXt", b"Comment\0\0" + inflating()))


def iccp_bomb() -> bytes:
    return png(16, 16, chunk(b"iCCP", b"profile\0\0" + inflating()))


def half_a_jpeg() -> bytes:
    noise = random.Random(14).randbytes(400 * 300 * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 300), noise).save(buffer, "JPEG", quality=90)
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def one_by_39_999_999() -> bytes:
    """A 1 × 39,999,999 PNG: under 40 megapixels, but no page can show it."""
    return png(1, 39_999_999)
