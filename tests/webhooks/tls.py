"""Certificates made in the test with ``cryptography``: a certificate authority of its own and a server certificate
it signs for the names given, loaded into an ``ssl.SSLContext`` for ``Receiver(tls=...)``."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOT_BEFORE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # any day of the tests' clocks falls inside
NOT_AFTER = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)


def _certificate(subject: str, key, issuer: str, issuer_key, *, ca: bool, names: list[x509.GeneralName]):
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def authority_and_server(directory: Path, *, dns: list[str] = (), ips: list[str] = ()) -> tuple[Path, ssl.SSLContext]:
    """(the authority's certificate file, to trust; a server context with a certificate for ``dns`` and ``ips``)."""
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("Test authority", ca_key, "Test authority", ca_key, ca=True, names=[])
    names = [x509.DNSName(n) for n in dns] + [x509.IPAddress(ipaddress.ip_address(a)) for a in ips]
    server = _certificate((list(dns) or list(ips))[0], server_key, "Test authority", ca_key, ca=False, names=names)
    ca_file, chain, key_file = directory / "ca.pem", directory / "server.pem", directory / "server.key"
    ca_file.write_bytes(_pem(ca))
    chain.write_bytes(_pem(server))
    key_file.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key_file)
    return ca_file, context
