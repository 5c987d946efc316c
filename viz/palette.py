"""One colour per optimizer everywhere, from the Okabe-Ito colour-blind-safe palette."""

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies.  Yellow is last: it is hard to see on a light background.
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)


def colour(index: int) -> str:
    """The colour of the index-th optimizer (cycling past eight)."""
    return OKABE_ITO[index % len(OKABE_ITO)]
