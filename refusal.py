"""Why a value was refused, said twice: in English (the message) and as a kind with its fields.

A link's value, a typed formula or a hyperparameter can be refused deep in the library (``urlvalues``,
``paramspec``, ``optimizers``, ``surfaces.expression``), far from any page.  The English message serves
code, logs and tests; the page says the same thing in its reader's language from ``kind`` and
``fields`` (the catalogue's ``error.<kind>``, see ``ui/reasons.py``), so no English sentence reaches a
Chinese reader, and the value and the range still do.

>>> err = Refusal("outside", "5 is outside [0, 1]", value="5", low="0", high="1")
>>> isinstance(err, ValueError), err.kind, err.fields["high"]
(True, 'outside', '1')
"""

from __future__ import annotations


class Refusal(ValueError):
    """A ValueError with a ``kind`` (a short name, the catalogue's ``error.<kind>``) and its ``fields``
    (plain strings and numbers: the value, the range ...)."""

    def __init__(self, kind: str, message: str, **fields) -> None:
        super().__init__(message)
        self.kind = kind
        self.fields = fields

    def __reduce__(self):  # kind and fields survive pickling (formulas are compiled in a worker process)
        return (_rebuild, (type(self), self.kind, str(self), self.fields, self.__dict__))


def _rebuild(cls, kind, message, fields, state):
    err = cls.__new__(cls)
    ValueError.__init__(err, message)
    err.__dict__.update(state)
    err.kind, err.fields = kind, fields
    return err
