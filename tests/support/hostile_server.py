#!/usr/bin/python3
"""A misbehaving server for the probe tests (tests/support/hostile_server.h): one mode per
process, on 127.0.0.1, stdlib only.

    hostile_server.py MODE PORT_FILE LOG_FILE [CHAIN KEY]

Binds port 0 and writes the port to PORT_FILE. LOG_FILE records, for the SMTP modes,
every line the client sent ("C: ..."), every reply ("S: ...") and "PIPELINED: ..." for a
command that arrived before the reply to the one before it was sent. CHAIN and KEY (PEM)
are the certificate for HugeChain and for STARTTLS in SmtpPipelineStrict.
Exits by itself after 120 s, and within 0.5 s of its parent's death.
"""

import asyncio
import os
import socket
import ssl
import struct
import sys
import tempfile
import time

LIFETIME = 120
ENDLESS_LIMIT = 60
MODE, PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
CHAIN = sys.argv[4] if len(sys.argv) > 5 else ""
KEY = sys.argv[5] if len(sys.argv) > 5 else ""
PARENT = os.getppid()
tasks = set()


def log(line):
    with open(LOG_FILE, "a", encoding="utf-8", errors="replace") as f:
        f.write(line + "\n")


async def read_record(reader):
    """One TLS record (a ClientHello, usually); b"" at EOF."""
    try:
        header = await reader.readexactly(5)
        return header + await reader.readexactly(struct.unpack("!H", header[3:5])[0])
    except (asyncio.IncompleteReadError, ConnectionError):
        return b""


async def drain_input(reader, seconds):
    """Reads and drops what the client sends, for at most `seconds` or until EOF."""
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(65536):
                pass
    except (TimeoutError, ConnectionError):
        pass


def server_hello_prefix():
    # A record header and the start of a ServerHello: type 2, TLS 1.2, random bytes.
    body = b"\x02\x00\x00\x46\x03\x03" + os.urandom(32)
    return b"\x16\x03\x03\x00\x4a" + body


async def silent(reader, writer):
    await drain_input(reader, LIFETIME)


async def slow(reader, writer):
    asyncio.ensure_future(drain_input(reader, LIFETIME))
    for byte in (server_hello_prefix() * 10)[:LIFETIME]:
        writer.write(bytes([byte]))
        await writer.drain()
        await asyncio.sleep(1)


async def garbage(reader, writer):
    asyncio.ensure_future(drain_input(reader, 30))
    for _ in range(10 * 16):  # 10 MiB in 64 KiB writes
        writer.write(os.urandom(65536))
        await writer.drain()
    writer.write_eof()
    await asyncio.sleep(0.5)  # let the client read to the end before the close


async def reset_mid_handshake(reader, writer):
    await read_record(reader)
    writer.write(server_hello_prefix()[:40])
    await writer.drain()
    await asyncio.sleep(0.2)  # on the wire before the reset
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()  # close() with SO_LINGER 0: an RST, not a FIN


async def oversized_record(reader, writer):
    await read_record(reader)
    length = 2**14 + 2048 + 1  # one more than TLSCiphertext allows
    writer.write(b"\x16\x03\x03" + struct.pack("!H", length) + os.urandom(length))
    await writer.drain()
    await drain_input(reader, 30)


class Smtp:
    """A line-based SMTP session that logs both sides and notices pipelining."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.pending = b""

    async def send(self, *lines):
        for line in lines:
            log("S: " + line)
        self.writer.write("".join(line + "\r\n" for line in lines).encode())
        await self.writer.drain()

    async def command(self):
        """The next command line; None at EOF. Waits 50 ms before the reply for more: a
        command there was sent before the reply to this one (logged as PIPELINED)."""
        while b"\n" not in self.pending:
            try:
                data = await self.reader.read(4096)
            except ConnectionError:
                data = b""
            if not data:
                return None
            self.pending += data
        line, self.pending = self.pending.split(b"\n", 1)
        text = line.rstrip(b"\r").decode("utf-8", "replace")
        log("C: " + text)
        if not self.pending:
            try:
                self.pending = await asyncio.wait_for(self.reader.read(4096), 0.05)
            except (TimeoutError, ConnectionError):
                pass
        if self.pending:
            log("PIPELINED: " + self.pending.decode("utf-8", "replace").strip())
        return text

    def early(self):
        """The client sent something before the reply to its last command."""
        return bool(self.pending)


async def smtp_session(smtp, starttls):
    """EHLO, NOOP, RSET, MAIL, RCPT, QUIT; STARTTLS by `starttls(smtp)`."""
    while True:
        cmd = await smtp.command()
        if cmd is None:
            return
        verb = cmd.split(" ", 1)[0].upper()
        if MODE == "SmtpPipelineStrict" and smtp.early():
            await smtp.send("554 SMTP synchronization error")
            return
        if verb in ("EHLO", "HELO"):
            if MODE == "SmtpEndlessMultiline":
                await endless_multiline(smtp)
                return
            offer = [] if MODE == "SmtpNoStarttls" else ["250-STARTTLS"]
            await smtp.send("250-hostile.test", "250-PIPELINING", *offer, "250 HELP")
        elif verb == "STARTTLS" and MODE != "SmtpNoStarttls":
            if not await starttls(smtp):
                continue
        elif verb == "QUIT":
            await smtp.send("221 2.0.0 bye")
            return
        elif verb in ("NOOP", "RSET", "MAIL", "RCPT"):
            await smtp.send("250 2.0.0 OK")
        else:
            await smtp.send("502 5.5.2 not implemented")


async def endless_multiline(smtp):
    deadline = time.monotonic() + ENDLESS_LIMIT
    n = 0
    while time.monotonic() < deadline:
        smtp.writer.write(b"".join(b"250-line %d\r\n" % (n + i) for i in range(100)))
        n += 100
        await smtp.writer.drain()
        await asyncio.sleep(0.01)
    log("S: 250-... (%d lines, stopped after %d s)" % (n, ENDLESS_LIMIT))


async def refuse_tls(smtp):
    await smtp.send("454 4.7.0 TLS not available")
    return False


async def real_starttls(smtp):
    if not CHAIN:
        return await refuse_tls(smtp)
    await smtp.send("220 2.0.0 Ready to start TLS")
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(CHAIN, KEY)
    await smtp.writer.start_tls(ctx)
    smtp.pending = b""
    return True


async def smtp(reader, writer):
    s = Smtp(reader, writer)
    if MODE == "SmtpNoGreeting":
        await drain_input(reader, LIFETIME)
        return
    if MODE == "Smtp421":
        await s.send("421 4.7.0 Too many connections")
        return
    if MODE == "SmtpPipelineStrict":
        # Like exim's smtp_enforce_sync: a client must wait for the greeting.
        await asyncio.sleep(0.3)
        try:
            early = await asyncio.wait_for(reader.read(4096), 0.01)
        except TimeoutError:
            early = None
        if early == b"":
            return
        if early is not None:
            log("PIPELINED: " + early.decode("utf-8", "replace").strip() + " (before the greeting)")
            await s.send("554 SMTP synchronization error")
            return
    await s.send("220 hostile.test ESMTP")
    await smtp_session(s, refuse_tls if MODE == "Smtp454" else real_starttls)


async def proxy(reader, writer):
    try:
        async with asyncio.timeout(30):
            while (await reader.readline()).strip():
                pass
    except (TimeoutError, ConnectionError):
        return
    if MODE == "Proxy407":
        writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                     b"Proxy-Authenticate: Basic realm=\"hostile\"\r\nContent-Length: 0\r\n\r\n")
    elif MODE == "Proxy502":
        writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
    else:  # ProxySilent
        await drain_input(reader, LIFETIME)
        return
    await writer.drain()


HANDLERS = {
    "Silent": silent, "Slow": slow, "Garbage": garbage, "ResetMidHandshake": reset_mid_handshake,
    "OversizedRecord": oversized_record, "Proxy407": proxy, "Proxy502": proxy, "ProxySilent": proxy,
}


def huge_chain_context():
    """A real TLS server context whose chain is the leaf and 999 copies of the last
    certificate of CHAIN (its issuer, when CHAIN has one): 1,000 certificates."""
    pems = [p + "-----END CERTIFICATE-----\n" for p in open(CHAIN).read().split("-----END CERTIFICATE-----")
            if "BEGIN CERTIFICATE" in p]
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False, dir=os.path.dirname(LOG_FILE)) as f:
        f.write(pems[0] + pems[-1] * (1000 - 1))
    log("HugeChain: 1000 certificates, %d bytes of PEM" % os.path.getsize(f.name))
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(f.name, KEY)
    return ctx


async def handle(reader, writer):
    task = asyncio.current_task()
    tasks.add(task)
    try:
        if MODE.startswith("Smtp"):
            await smtp(reader, writer)
        elif MODE == "HugeChain":
            await drain_input(reader, LIFETIME)
        else:
            await HANDLERS[MODE](reader, writer)
    except (ConnectionError, ssl.SSLError, OSError) as e:
        log("connection error: %r" % e)
    finally:
        tasks.discard(task)
        writer.close()


async def watch_parent():
    deadline = time.monotonic() + LIFETIME
    while time.monotonic() < deadline and os.getppid() == PARENT:
        await asyncio.sleep(0.5)


async def main():
    if MODE not in HANDLERS and not MODE.startswith("Smtp") and MODE != "HugeChain":
        sys.exit("hostile_server.py: unknown mode " + MODE)
    ctx = huge_chain_context() if MODE == "HugeChain" else None
    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx, ssl_handshake_timeout=30 if ctx else None)
    port = server.sockets[0].getsockname()[1]
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(PORT_FILE + ".tmp", PORT_FILE)  # the port appears whole
    log("listening on 127.0.0.1:%d as %s" % (port, MODE))
    await watch_parent()
    server.close()
    for task in list(tasks):
        task.cancel()


asyncio.run(main())
