"""The wheel Tests/python/run built (CANDOR_WHEEL): tagged as auditwheel sees it, and in a
fresh venv, with nothing but the wheel and no Swift toolchain, `candor` and `import candor`
work, the bundled SQLite included."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

WHEEL = Path(os.environ["CANDOR_WHEEL"])
CONVERSATION = (
    '[{"role": "user", "content": "Email me next time."}, {"role": "assistant", "content": "Noted. I will remember."}]'
)


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(WHEEL)], check=True)
    return venv


def bare(venv: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """Runs `command` with only the venv and the system directories on PATH."""
    return subprocess.run(
        command, env={"PATH": f"{venv}/bin:/usr/bin:/bin"}, capture_output=True, text=True, check=True, cwd=REPO,
    )


def test_the_tag_is_the_one_auditwheel_derives():
    shown = subprocess.run([str(Path(sys.executable).parent / "auditwheel"), "show", str(WHEEL)], capture_output=True, text=True, check=True)
    tag = re.search(r"-(manylinux_\d+_\d+_x86_64)\.whl$", WHEEL.name)
    assert tag, WHEEL.name
    assert f'is consistent with the\nfollowing platform tag: "{tag[1]}"' in shown.stdout, shown.stdout


def test_the_wheel_names_its_version_and_records_every_file():
    version = subprocess.run([str(Path(sys.executable).parent / "candor"), "--version"], capture_output=True, text=True, check=True)
    assert WHEEL.name.startswith(f"candor-{version.stdout.strip()}-py3-none-")
    with zipfile.ZipFile(WHEEL) as archive:
        names = set(archive.namelist())
        record = next(name for name in names if name.endswith(".dist-info/RECORD"))
        recorded = {line.split(",")[0] for line in archive.read(record).decode().splitlines()}
    assert recorded == names
    assert {"candor/bin/candor", "candor/py.typed", f"candor-{version.stdout.strip()}.data/scripts/candor"} <= names


def test_a_fresh_venv_runs_candor_without_a_swift_toolchain(fresh_venv: Path):
    assert bare(fresh_venv, "sh", "-c", "command -v swift || echo none").stdout.strip() == "none"
    assert re.fullmatch(r"\d+\.\d+\.\d+\n", bare(fresh_venv, "candor", "--version").stdout)
    audited = bare(fresh_venv, "python", "-c", f"import candor; print([f.rule for f in candor.audit({CONVERSATION}).findings])")
    assert audited.stdout == "['persistence-claim', 'persistence-claim']\n"


def test_the_bundled_sqlite_is_the_one_loaded(fresh_venv: Path):
    binary = bare(fresh_venv, "python", "-c", "import candor; print(candor.binary())").stdout.strip()
    sqlite = [line for line in bare(fresh_venv, "ldd", binary).stdout.splitlines() if "libsqlite3" in line]
    assert len(sqlite) == 1 and "/candor.libs/libsqlite3-" in sqlite[0], sqlite


def test_candor_runs_where_the_system_has_no_sqlite(fresh_venv: Path, tmp_path: Path):
    """The system's libsqlite3 is hidden (bind-mounted over with /dev/null in a private mount
    namespace) and `candor audit --db` still stores its findings."""
    system = Path("/usr/lib/x86_64-linux-gnu/libsqlite3.so.0").resolve()
    if os.geteuid() != 0 or not system.exists():
        pytest.skip("hiding the system libsqlite3 needs root and Debian's library layout")
    database = tmp_path / "findings.sqlite"
    script = (
        f"mount --bind /dev/null {system} && "
        f"candor audit Examples/plain --db {database} --fail-on never --format jsonl >/dev/null"
    )
    hidden = subprocess.run(["unshare", "--mount", "sh", "-c", script], env={"PATH": f"{fresh_venv}/bin:/usr/bin:/bin"}, cwd=REPO, capture_output=True, text=True)
    if hidden.returncode != 0 and "unshare" in hidden.stderr:
        pytest.skip(f"no private mount namespace here: {hidden.stderr.strip()}")
    assert hidden.returncode == 0, hidden.stderr
    assert database.stat().st_size > 0
