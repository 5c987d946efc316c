"""One colour per optimizer everywhere: the Okabe-Ito colour-blind-safe palette, with wine for yellow.

Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
deficiencies.  Its yellow (#F0E442) has the luminance of the map's light greys, so a yellow path
vanished on the map: the eighth colour is Paul Tol's wine (#882255) instead, dark on every grey.
"""

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#882255",  # wine (Paul Tol's muted scheme), in place of Okabe-Ito's yellow
)


def colour(index: int) -> str:
    """The colour of the index-th optimizer (cycling past eight)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2): 0 for black, 1 for white."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (same luminance) to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
