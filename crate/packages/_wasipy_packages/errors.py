"""The two ways a round ends early: files still to fetch, or a failure to report."""


class InstallError(Exception):
    """Nothing was installed: the message says what failed, for which package, and why."""


class InOtherModule(InstallError):
    """A package the resolution needs is built into another of wasipy's modules
    (a flavour, such as numpy's) and cannot be installed into this one: the host
    may load that module and install again there."""

    def __init__(self, name, module, required_by):
        super().__init__(f"{name} is built into wasipy's {module} module, not this one, and has no pure-Python wheel: "
                         f"start the {module} module to install this (declare {name} itself: packages, data-packages "
                         f"or a # /// script block)\n  required by: {required_by}")
        self.name = name
        self.module = module


class NeedFiles(Exception):
    """Resolution or installation stopped at a file the host has not fetched yet.

    `needs` lists what the host should fetch before the next round: the file
    that stopped it plus everything else already known to be needed."""

    def __init__(self, needs):
        super().__init__(f"{len(needs)} file(s) to fetch")
        self.needs = needs
