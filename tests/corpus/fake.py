"""Fake but valid identifiers from a seeded RNG (no value belongs to a real person).

Each value passes the rule its issuer publishes (SSN area rules, the NPI's Luhn check
with the 80840 prefix, the DEA checksum, the MBI's position rules, NANP numbering),
so a scanner that validates values must accept it. Person names, streets and cities
come from Faker's ``en_US`` lists (census-derived), with a share of names from other
locales and of Synthea's numbered names (``Jacinto644``).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_MBI_ALPHA = "ACDEFGHJKMNPQRTUVWXY"  # CMS: no S, L, O, I, B, Z
_MBI_ALNUM = _MBI_ALPHA + string.digits
STATES = ["MA", "NY", "CA", "TX", "FL", "IL", "OH", "WA", "GA", "PA", "MN", "AZ", "NC", "MI"]


@lru_cache(maxsize=8)
def _faker(locale: str) -> Any:
    from faker import Faker

    return Faker(locale)


def faker(r: random.Random, locale: str = "en_US") -> Any:
    """A Faker generator seeded from ``r`` (so the corpus is reproducible)."""
    f = _faker(locale)
    f.seed_instance(r.getrandbits(32))
    return f


@dataclass
class Person:
    """A fake patient or provider."""

    first: str
    last: str
    middle: str
    sex: str
    prefix: str
    suffix: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def person(r: random.Random, synthea: bool = False) -> Person:
    """A person: mostly US names, some from other locales, optionally Synthea-numbered."""
    locale = r.choices(["en_US", "es_MX", "en_GB", "de_DE", "fr_FR", "it_IT"], [8, 2, 1, 1, 1, 1])[
        0
    ]
    f = faker(r, locale)
    sex = r.choice("MF")
    first = f.first_name_male() if sex == "M" else f.first_name_female()
    last = f.last_name()
    # Some locales give compound surnames ("García Pérez"): keep them, they are real shapes.
    middle = f.first_name() if r.random() < 0.3 else ""
    if synthea:
        first, last = f"{first}{r.randint(1, 999)}", f"{last}{r.randint(1, 999)}"
    prefix = r.choice(["Mr.", "Ms.", "Mrs.", "Dr."]) if r.random() < 0.2 else ""
    suffix = r.choice(["Jr.", "III", "MD"]) if r.random() < 0.05 else ""
    return Person(first, last, middle, sex, prefix, suffix)


def ssn(r: random.Random, dashes: bool = True) -> str:
    while True:
        area = r.randint(1, 899)
        if area == 666:
            continue
        d = f"{area:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if len(set(d)) > 3:
            break
    return f"{d[:3]}-{d[3:5]}-{d[5:]}" if dashes else d


def luhn_digit(number: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(number)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def npi(r: random.Random) -> str:
    base = r.choice("12") + "".join(r.choice(string.digits) for _ in range(8))
    return base + luhn_digit("80840" + base)


def dea(r: random.Random, last_name: str = "") -> str:
    first = r.choice("ABFGMPR")
    second = last_name[:1].upper() if last_name[:1].isalpha() else r.choice(string.ascii_uppercase)
    n = [r.randint(0, 9) for _ in range(6)]
    check = ((n[0] + n[2] + n[4]) + 2 * (n[1] + n[3] + n[5])) % 10
    return first + second + "".join(map(str, n)) + str(check)


def mbi(r: random.Random, dashes: bool = False) -> str:
    c = r.choice
    chars = [
        c("123456789"),
        c(_MBI_ALPHA),
        c(_MBI_ALNUM),
        c(string.digits),
        c(_MBI_ALPHA),
        c(_MBI_ALNUM),
        c(string.digits),
        c(_MBI_ALPHA),
        c(_MBI_ALPHA),
        c(string.digits),
        c(string.digits),
    ]
    s = "".join(chars)
    return f"{s[:4]}-{s[4:7]}-{s[7:]}" if dashes else s


def mrn(r: random.Random) -> str:
    """Medical record numbers as hospitals print them."""
    kind = r.randrange(6)
    if kind == 0:
        return str(r.randint(1_000_000, 99_999_999))
    if kind == 1:
        return f"E{r.randint(1_000_000, 9_999_999)}"  # Epic-style external id
    if kind == 2:
        return f"MRN{r.randint(100_000, 9_999_999)}"
    if kind == 3:
        return f"{r.choice(string.ascii_uppercase)}{r.randint(100_000, 9_999_999)}"
    if kind == 4:
        return f"{r.randint(10, 99)}-{r.randint(100, 999)}-{r.randint(100, 999)}"
    return f"{r.randint(100_000_000, 999_999_999):09d}"


def health_plan_id(r: random.Random) -> str:
    """Member / subscriber / Medicaid ids in common payer shapes."""
    up = string.ascii_uppercase
    kind = r.randrange(5)
    if kind == 0:
        return "".join(r.choice(up) for _ in range(3)) + str(r.randint(100_000_000, 999_999_999))
    if kind == 1:
        return f"W{r.randint(100_000_000, 999_999_999)}"
    if kind == 2:  # NY Medicaid: 2 letters, 5 digits, 1 letter
        return f"{r.choice(up)}{r.choice(up)}{r.randint(10_000, 99_999)}{r.choice(up)}"
    if kind == 3:
        return str(r.randint(10_000_000_000, 99_999_999_999))
    return f"{r.choice(up)}{r.randint(10_000_000, 99_999_999)}{r.randint(10, 99)}"


def license_number(r: random.Random) -> str:
    """A driver's licence, passport or professional licence number."""
    up = string.ascii_uppercase
    kind = r.randrange(6)
    if kind == 0:  # California DL
        return f"{r.choice(up)}{r.randint(1_000_000, 9_999_999)}"
    if kind == 1:  # New York DL
        return str(r.randint(100_000_000, 999_999_999))
    if kind == 2:  # Florida DL
        return (
            f"{r.choice(up)}{r.randint(100, 999)}-{r.randint(100, 999)}-"
            f"{r.randint(10, 99)}-{r.randint(100, 999)}-{r.randint(0, 9)}"
        )
    if kind == 3:  # US passport
        return f"{r.choice('ACEFGHJKLMNP')}{r.randint(10_000_000, 99_999_999)}"
    if kind == 4:  # Synthea DRIVERS column
        return f"S{r.randint(10_000_000, 99_999_999)}"
    return f"{r.choice(['MD', 'RN', 'LPN', 'PA'])}{r.randint(10_000, 999_999)}"


def passport(r: random.Random) -> str:
    return f"X{r.randint(10_000_000, 99_999_999)}X"  # Synthea PASSPORT shape


def account(r: random.Random) -> str:
    """Hospital account (HAR/FIN), billing and bank account numbers."""
    kind = r.randrange(4)
    if kind == 0:
        return str(r.randint(1_000_000_000, 9_999_999_999))
    if kind == 1:
        return f"HAR{r.randint(10_000_000, 99_999_999)}"
    if kind == 2:
        return f"{r.randint(100_000, 999_999)}-{r.randint(1000, 9999)}"
    return f"FIN{r.randint(1_000_000, 9_999_999)}"


def phone(r: random.Random, style: int | None = None) -> str:
    """A NANP number (never a fictional 555-01xx line) in one of the usual spellings."""
    while True:
        area = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(2, 9)}"
        exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        if area[1:] != "11" and exch[1:] != "11" and exch != "555":
            break
    line = f"{r.randint(1000, 9999)}"
    shapes = [
        f"({area}) {exch}-{line}",
        f"{area}-{exch}-{line}",
        f"{area}.{exch}.{line}",
        f"+1 {area} {exch} {line}",
        f"+1-{area}-{exch}-{line}",
        f"1-{area}-{exch}-{line}",
        f"({area}){exch}-{line}",
        f"{area}-{exch}-{line} x{r.randint(10, 9999)}",
        f"({area}) {exch}-{line} ext. {r.randint(1, 999)}",
        f"001-{area}-{exch}-{line}",
    ]
    if style is None:
        style = r.choices(range(len(shapes)), [6, 6, 2, 2, 1, 1, 1, 1, 1, 1])[0]
    return shapes[style]


def email(r: random.Random, p: Person | None = None) -> str:
    p = p or person(r)
    first = "".join(c for c in p.first.lower() if c.isalpha() and c.isascii()) or "pat"
    last = "".join(c for c in p.last.lower() if c.isalpha() and c.isascii()) or "doe"
    user = r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{r.randint(1, 99)}"])
    domain = r.choice(
        ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com",
         "comcast.net", "mgh.harvard.edu", "kp.org", "partners.org"]
    )  # fmt: skip
    return f"{user}@{domain}"


@dataclass
class Address:
    street: str
    city: str
    state: str
    zip: str

    @property
    def one_line(self) -> str:
        return f"{self.street}, {self.city}, {self.state} {self.zip}"


def address(r: random.Random) -> Address:
    f = faker(r)
    street = f.street_address()
    if r.random() < 0.15:
        street += f" {f.secondary_address()}"
    zip5 = f"{r.randint(1001, 99950):05d}"
    return Address(street, f.city(), r.choice(STATES), zip5)


@dataclass
class Day:
    y: int
    m: int
    d: int

    def fmt(self, style: str) -> str:
        months = [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ]  # fmt: skip
        return {
            "iso": f"{self.y}-{self.m:02d}-{self.d:02d}",
            "us": f"{self.m:02d}/{self.d:02d}/{self.y}",
            "us_short": f"{self.m}/{self.d}/{self.y}",
            "hl7": f"{self.y}{self.m:02d}{self.d:02d}",
            "words": f"{months[self.m - 1]} {self.d}, {self.y}",
            "abbr": f"{self.d:02d}-{months[self.m - 1][:3]}-{self.y}",
            "day_words": f"{self.d} {months[self.m - 1]} {self.y}",
        }[style]


def day(r: random.Random, lo: int = 1930, hi: int = 2012) -> Day:
    return Day(r.randint(lo, hi), r.randint(1, 12), r.randint(1, 28))


def date_text(
    r: random.Random, lo: int = 1930, hi: int = 2012, styles: tuple[str, ...] = ()
) -> str:
    styles = styles or ("iso", "iso", "us", "us", "us_short", "words", "abbr")
    return day(r, lo, hi).fmt(r.choice(styles))


def ip(r: random.Random, private: bool | None = None) -> str:
    if private is None:
        private = r.random() < 0.4
    if private:
        return r.choice(
            [
                f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
            ]
        )
    first = r.choice([23, 34, 45, 52, 64, 71, 98, 104, 131, 146, 155, 171, 184, 205, 216])
    return f"{first}.{r.randint(1, 254)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def token(r: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    """Random token characters with every class the alphabet offers (upper, lower, digit)."""
    classes = [c for c in (string.digits, string.ascii_uppercase, string.ascii_lowercase)
               if any(ch in alphabet for ch in c)]  # fmt: skip
    while True:
        t = "".join(r.choice(alphabet) for _ in range(n))
        if all(any(ch in cls for ch in t) for cls in classes):
            return t


def password(r: random.Random) -> str:
    """A human-chosen password: a word, digits and a symbol."""
    word = r.choice(["Sunset", "tiger", "Blue", "winter", "Harbor", "maple", "Falcon", "river"])
    return (
        f"{word}{r.choice(['!', '#', '@', '$', '_', '.'])}{r.randint(10, 9999)}{r.choice('xyzQRT')}"
    )
