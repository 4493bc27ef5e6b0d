"""The output set (.docx, .xlsx, .pdf, manifest) replaced all together, or not at all.

Everything is rendered first (the PDF by LibreOffice in a temporary folder).  Then
:func:`commit` writes every new file as a temporary file in the output folder
(``.~reportgen-<pid>-<token>-N.new``), keeps a hard link (or copy) of every previous file
(``….old``), writes a journal naming them, and renames each new file over its target.  If one
rename fails (a file open in Word or Excel on Windows), the files already replaced are restored
from their backups and the message names the file that is open: the previous set stays whole.
Removing the journal is the commit point; the backups are deleted after it.

If the process is killed in the middle, the next ``build`` finds the journal of a process that
no longer runs and puts the previous files back (:func:`clean_leftovers`) before doing anything
else; it also removes every ``.~reportgen-*`` file or folder left by a dead run, the
``reportgen-pdf-<pid>-*`` work folders of dead runs in the temporary folder, and LibreOffice lock
files (``.~lock.<name>#``) that an earlier reportgen left beside its outputs.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from .errors import OutputError, Where

PREFIX = ".~reportgen-"
PDF_WORK_PREFIX = "reportgen-pdf-"
KILL_ENV = "REPORTGEN_TEST_KILL_AT"
_OWNER = re.compile(r"^(?:\.~reportgen-|reportgen-pdf-)(\d+)-")
_STALE_AFTER = 24 * 3600          # a leftover of a "live" pid this old belongs to a reused pid

_APP = {".docx": "Word 或 WPS", ".xlsx": "Excel 或 WPS", ".pdf": "PDF 阅读器", ".json": "其他程序"}


def kill_point(name: str) -> None:
    """Test hook: ``REPORTGEN_TEST_KILL_AT=<name>`` kills this process (SIGKILL) at the named point."""
    if os.environ.get(KILL_ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)   # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259                                          # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_gone(path: Path, started: float) -> bool:
    """True when ``path`` (a ``.~reportgen-*`` leftover) belongs to no running reportgen."""
    m = _OWNER.match(path.name)
    try:
        mtime = path.lstat().st_mtime
    except OSError:
        return False
    if m is None:                 # an older reportgen's mkstemp name: remove it if older than this run
        return mtime < started
    pid = int(m.group(1))
    if pid == os.getpid():
        return False
    return not pid_alive(pid) or mtime < started - _STALE_AFTER


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    except OSError:
        pass


def clean_leftovers(folder: Path, started: float | None = None) -> list[str]:
    """Undo an interrupted commit and remove what dead runs left behind; returns what was done."""
    started = time.time() if started is None else started
    done: list[str] = []
    folder = Path(folder)
    if folder.is_dir():
        for journal in sorted(folder.glob(PREFIX + "*.journal")):
            if _owner_gone(journal, started):
                done += _roll_back(folder, journal)
        for path in sorted(folder.glob(PREFIX + "*")):
            if _owner_gone(path, started):
                _remove(path)
        for lock in folder.glob(".~lock.*#"):
            try:
                text = lock.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "reportgen-lo-" in text or "reportgen-pdf-" in text:   # the profile of reportgen's LibreOffice
                _remove(lock)
    tmp = Path(tempfile.gettempdir())
    try:
        work = list(tmp.glob(PDF_WORK_PREFIX + "*"))
    except OSError:
        work = []
    for path in work:
        if _OWNER.match(path.name) and _owner_gone(path, started):
            _remove(path)
    return done


def _roll_back(folder: Path, journal: Path) -> list[str]:
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        _remove(journal)
        return []
    restored = []
    for target, backup in entries:
        t = folder / target
        try:
            if backup is not None and (folder / backup).exists():
                os.replace(folder / backup, t)
            elif backup is None and t.exists():
                t.unlink()
            restored.append(target)
        except OSError:
            pass
    _remove(journal)
    return restored


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"无法创建输出文件夹 {folder}：路径中有一个同名的文件。请在项目文件中修改 output.dir",
                          Where(str(folder))) from None
    except PermissionError:
        raise OutputError(f"无法创建输出文件夹 {folder}：没有权限。请在项目文件中修改 output.dir",
                          Where(str(folder))) from None
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹 {folder}：{exc.strerror or exc.__class__.__name__}。"
                          "请在项目文件中修改 output.dir", Where(str(folder))) from None
    if not folder.is_dir():
        raise OutputError(f"输出文件夹 {folder} 不是一个文件夹。请在项目文件中修改 output.dir", Where(str(folder)))


def _reason(exc: OSError, path: Path) -> str:
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return "该路径是一个文件夹。请改名或移走该文件夹，或在项目文件中修改 output"
    if isinstance(exc, PermissionError):
        app = _APP.get(path.suffix.lower(), "其他程序")
        return f"文件可能正在 {app} 中打开，或没有写入权限。请关闭该文件后重新运行"
    reason = {28: "磁盘空间不足", 30: "磁盘只读"}.get(exc.errno, exc.strerror or exc.__class__.__name__)
    return reason


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def commit(folder: Path, files: dict[Path, bytes | None]) -> None:
    """Replace every file of ``files`` (``None``: remove it) together, or leave all of them as they were.

    The order of ``files`` is the order of the renames (the manifest last).
    """
    folder = Path(folder)
    _ensure_folder(folder)
    items = list(files.items())
    for target, data in items:
        if target.is_dir():
            raise OutputError(f"无法写入 {target.name}：{_reason(IsADirectoryError(), target)}；"
                              "输出文件均未改动", Where(str(target)))
    token = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    temps: dict[int, Path] = {}
    backups: dict[int, Path | None] = {}
    journal = folder / f"{token}.journal"

    def discard(paths) -> None:
        for p in paths:
            if p is not None:
                _remove(p)

    # 1. every new file, complete, beside its target
    for i, (target, data) in enumerate(items):
        if data is None:
            continue
        tmp = folder / f"{token}-{i}.new"
        try:
            _write_file(tmp, data)
        except OSError as exc:
            discard(list(temps.values()) + [tmp])
            if isinstance(exc, PermissionError):
                raise OutputError(f"无法在输出文件夹 {folder} 中写入文件：没有写入权限。请检查该文件夹的权限，"
                                  "或在项目文件中修改 output.dir；输出文件均未改动", Where(str(folder))) from None
            raise OutputError(f"无法写入 {target.name}：{_reason(exc, target)}；输出文件均未改动",
                              Where(str(target))) from None
        temps[i] = tmp
        kill_point("temp-written")
    # 2. a backup of every previous file, and the journal that names them
    try:
        for i, (target, _) in enumerate(items):
            if target.exists():
                backup = folder / f"{token}-{i}.old"
                try:
                    os.link(target, backup)
                except OSError:
                    shutil.copy2(target, backup)
                backups[i] = backup
            else:
                backups[i] = None
        entries = [[t.name, backups[i].name if backups[i] else None] for i, (t, _) in enumerate(items)]
        tmp_journal = folder / f"{token}.journal.new"
        _write_file(tmp_journal, json.dumps({"pid": os.getpid(), "entries": entries}).encode("utf-8"))
        os.replace(tmp_journal, journal)
    except OSError as exc:
        discard(list(temps.values()) + list(backups.values()) + [folder / f"{token}.journal.new", journal])
        raise OutputError(f"无法在输出文件夹 {folder} 中写入文件：{_reason(exc, folder)}；输出文件均未改动",
                          Where(str(folder))) from None
    # 3. the renames; on a failure, put back what was replaced
    done: list[int] = []
    for i, (target, data) in enumerate(items):
        if i == len(items) - 1:
            kill_point("before-manifest")
        try:
            if data is None:
                if target.exists():
                    target.unlink()
            else:
                os.replace(temps[i], target)
        except OSError as exc:
            failed = _restore(items, backups, done)
            if not failed:
                discard(list(temps.values()) + list(backups.values()) + [journal])
                kept = "输出文件均保持上次生成的内容，未改动"
            else:
                kept = "部分文件未能恢复，下次运行时将自动恢复上次生成的文件"
            raise OutputError(f"无法写入 {target.name}：{_reason(exc, target)}；{kept}",
                              Where(str(target))) from None
        except BaseException:                  # Ctrl-C: put the previous set back before leaving
            if not _restore(items, backups, done):
                discard(list(temps.values()) + list(backups.values()) + [journal])
            raise
        done.append(i)
        if len(done) == 1:
            kill_point("mid-replace")
    # 4. committed: the journal goes first, then the backups
    _remove(journal)
    discard(backups.values())


def _restore(items, backups, done: list[int]) -> list[str]:
    failed = []
    for i in reversed(done):
        target = items[i][0]
        try:
            if backups[i] is not None:
                os.replace(backups[i], target)
                backups[i] = None
            elif target.exists():
                target.unlink()
        except OSError:
            failed.append(target.name)
    return failed
