"""The editors' desk: the "Needs attention" page, gathering what waits on staff across the content apps."""
