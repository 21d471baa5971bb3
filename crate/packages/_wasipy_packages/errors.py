"""The two ways a round ends early: files still to fetch, or a failure to report."""


class InstallError(Exception):
    """Nothing was installed: the message says what failed, for which package, and why."""


class NeedFiles(Exception):
    """Resolution or installation stopped at a file the host has not fetched yet.

    `needs` lists what the host should fetch before the next round: the file
    that stopped it plus everything else already known to be needed."""

    def __init__(self, needs):
        super().__init__(f"{len(needs)} file(s) to fetch")
        self.needs = needs
