"""Running a program on an uploaded file with as little reach as possible (no Django in here).

:func:`run_isolated` runs a command on the files of one private folder:

* **no network**: a network namespace of its own, with nothing in it but a loopback of its own;
* **sees only its folder**: with bubblewrap (``bwrap``), a file system of its own holding the system's
  programs and libraries read-only (``/usr``, fonts, the linker cache), an empty ``/tmp`` and the private
  folder as ``/work``; nothing else (no uploaded papers, no settings, no home folders);
* **unprivileged**: when the portal runs as root, the command runs as ``nobody``;
* **limited**: CPU time and address space capped (``prlimit``), wall time capped by a timeout, and it dies
  with the portal process.

Which of these the machine allows is worked out once (:func:`isolation`): ``"bwrap"`` (all of the
above), ``"unshare"`` (no network and unprivileged, but it sees the file system) or ``"none"`` (limits
only; a warning is logged). ``scripts/system-deps.sh --with-libreoffice`` installs bubblewrap.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

NOBODY = 65534
#: Where the private folder appears inside the bubblewrap sandbox.
INSIDE = "/work"
# What a program needs from /etc: fonts, the dynamic linker's cache, LibreOffice's own settings.
_ETC = ("/etc/fonts", "/etc/ld.so.cache", "/etc/libreoffice", "/etc/alternatives", "/etc/localtime")


def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=20, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _drop_privileges() -> list[str]:
    """Run as nobody when we are root (setpriv, from util-linux)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--inh-caps=-all", "--"]


def _bwrap(folder: str) -> list[str]:
    argv = ["bwrap", "--ro-bind", "/usr", "/usr", "--ro-bind-try", "/opt", "/opt"]
    for link in ("lib", "lib64", "bin", "sbin"):
        if os.path.islink(f"/{link}") or os.path.isdir(f"/usr/{link}"):
            argv += ["--symlink", f"usr/{link}", f"/{link}"]
    for path in _ETC:
        argv += ["--ro-bind-try", path, path]
    # The sandbox's own empty /tmp (a tmpfs), not the machine's.
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--bind", folder, INSIDE]  # noqa: S108
    argv += ["--chdir", INSIDE, "--setenv", "HOME", INSIDE, "--setenv", "TMPDIR", "/tmp"]  # noqa: S108
    argv += ["--unshare-all", "--die-with-parent", "--new-session", "--"]
    return argv


def _unshare() -> list[str]:
    if os.geteuid() == 0:
        return ["unshare", "--net", "--"]
    return ["unshare", "--user", "--map-root-user", "--net", "--"]


@functools.cache
def isolation() -> str:
    """The strongest isolation this machine allows: ``"bwrap"``, ``"unshare"`` or ``"none"``."""
    probe = "/usr/bin/true" if os.path.exists("/usr/bin/true") else "/bin/true"
    folder = tempfile.gettempdir()
    if shutil.which("bwrap") and _works([*_drop_privileges(), *_bwrap(folder), probe]):
        return "bwrap"
    if shutil.which("unshare") and _works([*_unshare(), *_drop_privileges(), probe]):
        return "unshare"
    logger.warning(
        "Office documents are converted without network or file system isolation: install bubblewrap "
        "(scripts/system-deps.sh --with-libreoffice) or allow user namespaces."
    )
    return "none"


def inside_path(folder: Path, path: Path) -> str:
    """How the command must name ``path`` (within ``folder``): it sees the folder as /work under bwrap."""
    if isolation() == "bwrap":
        return str(Path(INSIDE) / Path(path).relative_to(folder))
    return str(path)


def prepare_folder(folder: Path) -> None:
    """Hand the private folder to the unprivileged user the command runs as."""
    os.chmod(folder, 0o700)
    if _drop_privileges():
        for root, dirs, files in os.walk(folder):
            os.chown(root, NOBODY, NOBODY)
            for name in (*dirs, *files):
                os.chown(os.path.join(root, name), NOBODY, NOBODY, follow_symlinks=False)


def isolated_argv(argv: list[str], *, folder: Path, memory_mb: int, cpu_seconds: int) -> list[str]:
    """``argv`` wrapped in the limits and the isolation (see the module docstring)."""
    limits = []
    if shutil.which("prlimit"):
        limits = ["prlimit", f"--as={memory_mb * 1024 * 1024}", f"--cpu={cpu_seconds}", "--core=0", "--"]
    kind = isolation()
    if kind == "bwrap":
        return [*limits, *_drop_privileges(), *_bwrap(str(folder)), *argv]
    if kind == "unshare":
        return [*limits, *_unshare(), *_drop_privileges(), *argv]
    return [*limits, *argv]


def run_isolated(
    argv: list[str], *, folder: Path, timeout: float, memory_mb: int, cpu_seconds: int, env: dict | None = None
) -> subprocess.CompletedProcess:
    """Run ``argv`` isolated on ``folder``; raises :class:`subprocess.TimeoutExpired` after ``timeout`` s
    (the whole process group is killed)."""
    prepare_folder(folder)
    full = isolated_argv(argv, folder=folder, memory_mb=memory_mb, cpu_seconds=cpu_seconds)
    base_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(folder)}
    with subprocess.Popen(
        full,
        cwd=folder,
        env={**base_env, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            raise
        except BaseException:
            _kill_group(process)
            raise
    return subprocess.CompletedProcess(full, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 9)
