"""Run files written by the tests themselves: GPX text, a FIT file built byte by byte,
and a Strava-style activities.csv."""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16, four bits at a time as the FIT protocol describes it."""
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def _fit_time(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


def fit_file(sessions: Iterable[tuple[datetime, float, float, int]]) -> bytes:
    """A FIT activity: a file_id message, then one session per (start, metres, seconds,
    sport) with sport 1 = running, 2 = cycling."""
    # file_id (global 0): type (field 0, enum) = 4, activity.
    records = bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 1) + bytes([0, 1, 0x00])
    records += bytes([0x00, 4])
    # session (global 18) as local type 1: start_time (2, uint32), total_distance
    # (9, uint32, cm), total_timer_time (8, uint32, ms), sport (5, enum).
    fields = [(2, 4, 0x86), (9, 4, 0x86), (8, 4, 0x86), (5, 1, 0x00)]
    records += bytes([0x41, 0, 0]) + struct.pack("<HB", 18, len(fields))
    records += b"".join(bytes(f) for f in fields)
    for start, metres, seconds, sport in sessions:
        records += bytes([0x01]) + struct.pack(
            "<IIIB", _fit_time(start), round(metres * 100), round(seconds * 1000), sport
        )
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))


def gpx_text(
    start: datetime, points: int, *, kind: str = "running", step_deg: float = 0.001
) -> str:
    """A GPX track heading north from 45N 6E, one point every 30 s."""
    rows = "\n".join(
        f'      <trkpt lat="{45 + k * step_deg:.6f}" lon="6.000000">'
        f"<time>{(start + timedelta(seconds=30 * k)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for k in range(points)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="hipext tests" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"  <trk><name>Morning run</name><type>{kind}</type><trkseg>\n{rows}\n"
        "  </trkseg></trk>\n</gpx>\n"
    )


STRAVA_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
    "Elapsed Time,Distance,Commute,Filename,Elapsed Time,Moving Time,Distance,Max Speed"
)


def strava_csv(rows: Iterable[tuple[str, str, str, float, int]]) -> str:
    """An activities.csv: (id, date as Strava writes it, type, km, moving seconds)."""
    lines = [STRAVA_HEADER]
    for activity, when, kind, km, moving in rows:
        lines.append(
            f'{activity},"{when}",Easy,{kind},,{moving + 60},{km:.2f},false,'
            f"activities/{activity}.gpx,{moving + 60},{moving},{km * 1000:.1f},4.1"
        )
    return "\n".join(lines) + "\n"
