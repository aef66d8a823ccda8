"""Printing helpers shared by the reference-table generators: F# literals and table layout."""


def fs(x):
    """F# float literal that round-trips to the double nearest x."""
    s = repr(float(x))
    if s in ("inf", "-inf", "nan"):
        raise SystemExit("non-finite value in a table: " + s)
    return s


def table(name, typ, rows, comment):
    """Prints `let name : typ list = [ (…) … ]` with a doc comment."""
    print("/// " + comment)
    print("let %s : %s list =" % (name, typ))
    print("    [")
    for r in rows:
        print("        (" + ", ".join(r) + ")")
    print("    ]")
    print()
