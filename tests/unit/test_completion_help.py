"""``hipext --help`` names every command with an example; ``hipext completion`` works in
the shells it claims to support."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from hipext_tui.cli import build_parser, main


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.choices)
    assert isinstance(sub.choices, dict)
    return list(sub.choices)


def test_help_lists_every_command_with_a_description_and_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    commands, examples = out.split("\nexamples:\n")
    names = _commands()
    assert {"status", "completion", "log", "history"} <= set(names)
    for name in names:
        # "name  description" in the list of commands (a long name wraps its description)
        listed = [line.split() for line in commands.splitlines() if line.split()[:1] == [name]]
        assert listed, f"{name} is not listed"
        assert any(line.split()[:3] == [name, "hipext", name] for line in examples.splitlines()), (
            f"no example for {name}"
        )


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_script_knows_the_commands(
    capsys: pytest.CaptureFixture[str], shell: str
) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for name in _commands():
        assert name in script
    assert "--format" in script  # an option of a subcommand


def test_bash_completes_a_command_name(tmp_path: object) -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "hipext_tui", "completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
    )
    probe = (
        done.stdout
        + '\nCOMP_WORDS=(hipext sta); COMP_CWORD=1; COMP_LINE="hipext sta"; COMP_POINT=10\n'
        + "_shtab_hipext\n"
        + 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    assert out.stdout.split() == ["status"], out.stderr


def test_completion_rejects_other_shells(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["completion", "fish"])
    assert exc.value.code == 2
    assert "invalid choice: 'fish'" in capsys.readouterr().err
