"""How a person's name is written."""

import re

# CJK ideographs (the unified block and extension A) and the compatibility block.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def full_name(first_name, last_name):
    """The full name as it is written: a Chinese name family name first with no space (郑海燕),
    any other given name first (Anna Schmidt)."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if _HAN.search(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part)
