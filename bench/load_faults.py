"""Faults to inject while the load runs: a small disk for the uploads that can be filled and freed again."""

import errno
import os
import subprocess
from pathlib import Path


class SmallDisk:
    """A tmpfs of a few megabytes mounted on a folder (needs root), to be filled to the last byte and freed."""

    def __init__(self, folder: Path, megabytes: int = 8):
        self.folder = folder
        self.megabytes = megabytes
        self.filler = folder / "filler.bin"

    @staticmethod
    def possible() -> str | None:
        """Return why a small disk cannot be mounted here, or None when it can."""
        if os.geteuid() != 0:
            return "mounting a tmpfs needs root"
        probe = Path(f"/tmp/sangkien-mount-probe-{os.getpid()}")
        probe.mkdir(exist_ok=True)
        try:
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], check=True,
                           capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as error:
            return f"cannot mount a tmpfs: {error}"
        finally:
            subprocess.run(["umount", str(probe)], capture_output=True, timeout=30)
            probe.rmdir()
        return None

    def mount(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={self.megabytes}m,mode=0755", "tmpfs",
                        str(self.folder)], check=True, capture_output=True, timeout=30)

    def fill(self) -> int:
        """Write a file until no byte is left; return how many bytes it took."""
        written = 0
        block = b"\0" * 65536
        with self.filler.open("wb", buffering=0) as output:
            try:
                while True:
                    written += output.write(block)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
        return written

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def unmount(self) -> None:
        subprocess.run(["umount", str(self.folder)], capture_output=True, timeout=30)
